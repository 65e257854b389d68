package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * A dense layer's arithmetic on the CPU, FLOAT or DOUBLE, with as few passes over memory as it takes:
 * <ul>
 *   <li>each matrix product is one BLAS call that writes its result where and in the order it is wanted (ND4J's
 *   {@code mmuli} into a row-major array has BLAS write a column-major temporary, then copies it over);</li>
 *   <li>bias and ReLU in the forward pass, and ReLU's derivative and the bias gradient (a column sum) in the
 *   backward pass, are each one pass over the rows, instead of an ND4J op apiece (ND4J's ReLU derivative calls a
 *   {@code std::function} per element).</li>
 * </ul>
 * Element-wise steps compute in double and round once: for a sum or a comparison of two floats that is exactly
 * float arithmetic, so the activation of a given product is DL4J's bit for bit. The products themselves differ from
 * ND4J's by float rounding (BLAS is called with the operands swapped), and the bias gradient sums in double.
 * Not thread-safe: one instance per layer instance, as DL4J layers are.
 */
public final class DenseKernel {

    private final HostBlas blas;
    private final ScratchArrays scratch;

    public DenseKernel(DataType dataType) {
        blas = HostBlas.of(dataType);
        scratch = new ScratchArrays(dataType);
    }

    /** Whether this kernel computes in {@code dataType} on ND4J's backend. */
    public static boolean supports(DataType dataType) {
        return BlasInteractionKernel.supports(dataType);
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
        int batch = rows(product);
        int width = columns(product);
        HostArray from = new HostArray(product, scratch);
        HostArray to = out == product ? from : new HostArray(out, scratch);
        double[] b = bias(bias, width);
        double[] row = scratch.doubles("row", width);
        for (int r = 0; r < batch; r++) {
            from.get((long) r * width, row);
            for (int c = 0; c < width; c++) {
                double z = row[c] + b[c];
                row[c] = relu && z < 0 ? 0 : z;   // ND4J's ReLU, which keeps NaN and -0.0
            }
            to.set((long) r * width, row);
        }
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
        int batch = rows(epsilon);
        int width = columns(epsilon);
        HostArray upstream = new HostArray(epsilon, scratch);
        HostArray pre = relu ? new HostArray(product, scratch) : null;
        HostArray to = relu ? new HostArray(delta, scratch) : null;
        double[] b = bias(bias, width);
        double[] row = scratch.doubles("row", width);
        double[] preRow = scratch.doubles("preRow", width);
        double[] sums = scratch.doubles("sums", width);
        Arrays.fill(sums, 0);
        for (int r = 0; r < batch; r++) {
            upstream.get((long) r * width, row);
            if (relu) {
                pre.get((long) r * width, preRow);
                for (int c = 0; c < width; c++) {
                    if (!(preRow[c] + b[c] > 0)) {
                        row[c] = 0;
                    }
                }
                to.set((long) r * width, row);
            }
            for (int c = 0; c < width; c++) {
                sums[c] += row[c];
            }
        }
        if (biasGradient != null) {
            new HostArray(biasGradient, scratch).set(0, sums);
        }
    }

    private double[] bias(INDArray bias, int width) {
        double[] b = scratch.doubles("bias", width);
        if (bias == null) {
            Arrays.fill(b, 0);
        } else {
            new HostArray(bias, scratch).get(0, b);
        }
        return b;
    }

    /** c (c order [m, n], no gaps) = op(a)·op(b), op(a) [m, k]. */
    private void gemm(Matrix a, boolean transposeA, Matrix b, boolean transposeB, int m, int n, int k, INDArray c) {
        HostArray result = new HostArray(c, scratch);
        blas.gemm(a.op(transposeA), b.op(transposeB), m, n, k, a.data.at(0), a.ld, b.data.at(0), b.ld,
                result.at(0), n);
    }

    private static int rows(INDArray matrix) {
        return Math.toIntExact(matrix.size(0));
    }

    private static int columns(INDArray matrix) {
        return Math.toIntExact(matrix.size(1));
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
