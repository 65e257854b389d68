package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.function.IntSupplier;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * A dense layer's arithmetic on the CPU, FLOAT or DOUBLE, with as few passes over memory as it takes:
 * <ul>
 *   <li>each matrix product is one GEMM call (oneDNN's or OpenBLAS's, as {@link GemmEngine} picks) that writes its
 *   result where and in the order it is wanted (ND4J's {@code mmuli} into a row-major array has BLAS write a
 *   column-major temporary, then copies it over);</li>
 *   <li>bias and ReLU in the forward pass, and ReLU's derivative and the bias gradient (a column sum) in the
 *   backward pass, are each one pass over the rows, instead of an ND4J op apiece (ND4J's ReLU derivative calls a
 *   {@code std::function} per element).</li>
 * </ul>
 * Element-wise steps are loops over one row at a time in a Java array, which the JIT compiles to SIMD code, the
 * rows split between threads as the products are ({@link SampleParts}, ND4J's BLAS thread count). The
 * products differ from ND4J's by float rounding (BLAS is called with the operands swapped), and the bias gradient
 * sums in double.
 * Not thread-safe: one instance per layer instance, as DL4J layers are.
 */
public final class DenseKernel {

    /** Fewest elements a thread's share of a row pass must have for the pass to be split. */
    private static final long MIN_ELEMENTS_PER_THREAD = 1 << 16;

    private final RowMajorGemm products;
    private final RowMath rows;
    private final ScratchArrays scratch;
    /** Threads per product and per row pass: ND4J's BLAS thread count, read at each call. */
    private final IntSupplier threads = Nd4j.factory().blas()::getMaxThreads;

    public DenseKernel(DataType dataType) {
        this(dataType, GemmEngine.forDataType(dataType));
    }

    /** On a given engine, to compare them. */
    DenseKernel(DataType dataType, GemmEngine engine) {
        products = engine.gemm(dataType);
        rows = dataType == DataType.DOUBLE ? new DoubleRows()
                : VectorApi.PRESENT ? new VectorFloatRows() : new FloatRows();
        scratch = new ScratchArrays(dataType);
    }

    /** Whether this kernel computes in {@code dataType} on ND4J's backend. */
    public static boolean supports(DataType dataType) {
        return BlasInteractionKernel.supports(dataType);
    }

    /**
     * Whether the kernel can address the buffers of these arrays (nulls ignored) and a new array of
     * {@code newLength} elements of {@code dataType}: byte offsets must fit an int.
     */
    public static boolean addressable(DataType dataType, long newLength, INDArray... arrays) {
        boolean fits = newLength * dataType.width() <= Integer.MAX_VALUE;
        for (INDArray array : arrays) {
            fits &= array == null || array.data().length() * array.dataType().width() <= Integer.MAX_VALUE;
        }
        return fits;
    }

    /** product [B, O] (c order, no gaps) = x [B, I] · w [I, O]. */
    public void multiply(INDArray x, INDArray w, INDArray product) {
        Matrix a = Matrix.of(x, scratch);
        Matrix b = Matrix.of(w, scratch);
        gemm(a, false, b, false, rows(x), columns(w), columns(x), product);
    }

    /**
     * The backward pass's products: weightGradient [I, O] = xᵀ·delta, written in the order it has (DL4J's
     * gradient views are f order); epsilonNext [B, I] (c order, no gaps) = delta·wᵀ.
     */
    public void backwardProducts(INDArray x, INDArray w, INDArray delta, INDArray weightGradient,
                                 INDArray epsilonNext) {
        Matrix input = Matrix.of(x, scratch);
        Matrix weights = Matrix.of(w, scratch);
        Matrix gradient = Matrix.of(delta, scratch);
        gemm(gradient, false, weights, true, rows(delta), rows(w), columns(delta), epsilonNext);
        if (weightGradient.ordering() == 'f' && RunCopy.isContiguous(weightGradient.transpose())) {
            // Its transpose [O, I] is c order: deltaᵀ·x.
            gemm(gradient, true, input, false, columns(delta), columns(x), rows(x), weightGradient.transpose());
        } else {
            gemm(input, true, gradient, false, columns(x), columns(delta), rows(x), weightGradient);
        }
    }

    /**
     * out = activation(product + bias) row by row, ReLU or the identity; {@code out} may be {@code product}, and
     * {@code bias} ([1, O]) null for none.
     */
    public void addBiasAndActivate(INDArray product, INDArray bias, boolean relu, INDArray out) {
        int width = columns(product);
        Object b = bias(bias, width);
        SampleParts.run(rows(product), threads.getAsInt(), width, MIN_ELEMENTS_PER_THREAD, scratch,
                (part, first, end) -> {
                    HostArray from = new HostArray(product, part);
                    HostArray to = out == product ? from : new HostArray(out, part);
                    Object row = part.javaArray("row", width);
                    for (long r = first; r < end; r++) {
                        from.read(r * width, row, 0, width);
                        rows.addBiasAndActivate(row, b, relu, width);
                        to.write(r * width, row, 0, width);
                    }
                });
    }

    /**
     * The gradient before the activation: delta = epsilon ⊙ activation'(product + bias) for ReLU (where the
     * pre-activation is positive, epsilon; elsewhere 0); for the identity delta is epsilon itself and nothing is
     * written. With a {@code biasGradient} ([1, O]) its column sums go there. {@code delta} may be {@code product}
     * or {@code epsilon}.
     */
    public void activationGradient(INDArray product, INDArray bias, boolean relu, INDArray epsilon, INDArray delta,
                                   INDArray biasGradient) {
        if (!relu && biasGradient == null) {
            return;
        }
        int width = columns(epsilon);
        Object b = bias(bias, width);
        int parts = SampleParts.run(rows(epsilon), threads.getAsInt(), width, MIN_ELEMENTS_PER_THREAD, scratch,
                (part, first, end) -> {
                    HostArray upstream = new HostArray(epsilon, part);
                    HostArray pre = relu ? new HostArray(product, part) : null;
                    HostArray to = relu ? new HostArray(delta, part) : null;
                    Object row = part.javaArray("row", width);
                    Object preRow = part.javaArray("preRow", width);
                    double[] sums = part.doubles("sums", width);
                    Arrays.fill(sums, 0);
                    for (long r = first; r < end; r++) {
                        upstream.read(r * width, row, 0, width);
                        if (relu) {
                            pre.read(r * width, preRow, 0, width);
                            rows.reluGradient(row, preRow, b, width);
                            to.write(r * width, row, 0, width);
                        }
                        rows.addTo(sums, row, width);
                    }
                });
        if (biasGradient != null) {
            // The parts' column sums added in part order, which the batch and thread count alone fix
            double[] sums = scratch.doubles("sums", width);
            Arrays.fill(sums, 0);
            for (int p = 0; p < parts; p++) {
                double[] partSums = scratch.forPart(p).doubles("sums", width);
                for (int c = 0; c < width; c++) {
                    sums[c] += partSums[c];
                }
            }
            new HostArray(biasGradient, scratch).set(0, sums);
        }
    }

    /** The bias as a Java array of this data type, zeros for none. */
    private Object bias(INDArray bias, int width) {
        Object b = scratch.javaArray("bias", width);
        if (bias == null) {
            rows.clear(b, width);
        } else {
            new HostArray(bias, scratch).read(0, b, 0, width);
        }
        return b;
    }

    /** c (c order [m, n], no gaps) = op(a)·op(b), op(a) [m, k]. */
    private void gemm(Matrix a, boolean transposeA, Matrix b, boolean transposeB, int m, int n, int k, INDArray c) {
        HostArray result = new HostArray(c, scratch);
        products.gemm(a.op(transposeA), b.op(transposeB), m, n, k, a.data.at(0), a.ld, b.data.at(0), b.ld,
                result.at(0), n);
    }

    private static int rows(INDArray matrix) {
        return Math.toIntExact(matrix.size(0));
    }

    private static int columns(INDArray matrix) {
        return Math.toIntExact(matrix.size(1));
    }

    /** The element-wise loops over one row, on float[] or double[] rows (passed as Object). */
    private abstract static class RowMath {

        /** row = activation(row + bias), ReLU (as ND4J's but for the sign of a zero) or the identity. */
        abstract void addBiasAndActivate(Object row, Object bias, boolean relu, int width);

        /** row (the upstream gradient) = 0 where pre + bias is not positive (ND4J's ReLU derivative). */
        abstract void reluGradient(Object row, Object pre, Object bias, int width);

        abstract void addTo(double[] sums, Object row, int width);

        abstract void clear(Object row, int width);
    }

    private static class FloatRows extends RowMath {
        @Override
        void addBiasAndActivate(Object rowArray, Object biasArray, boolean relu, int width) {
            float[] row = (float[]) rowArray;
            float[] bias = (float[]) biasArray;
            if (relu) {
                for (int c = 0; c < width; c++) {
                    row[c] = Math.max(row[c] + bias[c], 0);
                }
            } else {
                for (int c = 0; c < width; c++) {
                    row[c] += bias[c];
                }
            }
        }

        @Override
        void reluGradient(Object rowArray, Object preArray, Object biasArray, int width) {
            float[] row = (float[]) rowArray;
            float[] pre = (float[]) preArray;
            float[] bias = (float[]) biasArray;
            for (int c = 0; c < width; c++) {
                row[c] = pre[c] + bias[c] > 0 ? row[c] : 0;
            }
        }

        @Override
        void addTo(double[] sums, Object rowArray, int width) {
            float[] row = (float[]) rowArray;
            for (int c = 0; c < width; c++) {
                sums[c] += row[c];
            }
        }

        @Override
        void clear(Object row, int width) {
            Arrays.fill((float[]) row, 0, width, 0);
        }
    }

    /** FloatRows on SIMD vectors, where the JVM has the Vector API: the same results, bit for bit. */
    private static final class VectorFloatRows extends FloatRows {
        @Override
        void addBiasAndActivate(Object row, Object bias, boolean relu, int width) {
            FloatRowVectors.addBiasAndActivate((float[]) row, (float[]) bias, relu, width);
        }

        @Override
        void reluGradient(Object row, Object pre, Object bias, int width) {
            FloatRowVectors.reluGradient((float[]) row, (float[]) pre, (float[]) bias, width);
        }

        @Override
        void addTo(double[] sums, Object row, int width) {
            FloatRowVectors.addTo(sums, (float[]) row, width);
        }
    }

    private static final class DoubleRows extends RowMath {
        @Override
        void addBiasAndActivate(Object rowArray, Object biasArray, boolean relu, int width) {
            double[] row = (double[]) rowArray;
            double[] bias = (double[]) biasArray;
            if (relu) {
                for (int c = 0; c < width; c++) {
                    row[c] = Math.max(row[c] + bias[c], 0);
                }
            } else {
                for (int c = 0; c < width; c++) {
                    row[c] += bias[c];
                }
            }
        }

        @Override
        void reluGradient(Object rowArray, Object preArray, Object biasArray, int width) {
            double[] row = (double[]) rowArray;
            double[] pre = (double[]) preArray;
            double[] bias = (double[]) biasArray;
            for (int c = 0; c < width; c++) {
                row[c] = pre[c] + bias[c] > 0 ? row[c] : 0;
            }
        }

        @Override
        void addTo(double[] sums, Object rowArray, int width) {
            double[] row = (double[]) rowArray;
            for (int c = 0; c < width; c++) {
                sums[c] += row[c];
            }
        }

        @Override
        void clear(Object row, int width) {
            Arrays.fill((double[]) row, 0, width, 0);
        }
    }

    /**
     * A matrix as a row-major BLAS operand: its elements in c order, or its transpose's (an f-ordered matrix,
     * as DL4J's weights are), or else a c-ordered copy.
     */
    private record Matrix(HostArray data, boolean storedTransposed, int ld) {

        static Matrix of(INDArray matrix, ScratchArrays scratch) {
            if (RunCopy.isContiguous(matrix)) {
                return new Matrix(new HostArray(matrix, scratch), false, columns(matrix));
            }
            INDArray transposed = matrix.transpose();
            if (RunCopy.isContiguous(transposed)) {
                return new Matrix(new HostArray(transposed, scratch), true, columns(transposed));
            }
            return new Matrix(new HostArray(matrix.dup('c'), scratch), false, columns(matrix));
        }

        /** BLAS's transpose flag for op(matrix): the matrix, or its transpose when {@code transpose}. */
        int op(boolean transpose) {
            return transpose != storedTransposed ? CblasTrans : CblasNoTrans;
        }
    }
}
