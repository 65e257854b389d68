package io.github.kerasrs4j.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * {@link FeatureCrossPasses} in FLOAT as SIMD loops on the JDK's Vector API, which load and store
 * the ND4J arrays' native memory directly, row by row; the last vector of a row whose length is no
 * multiple of the vector's is masked. Measured here, staging the rows through Java arrays instead
 * made the pass 10-25% slower: it is a memory-bound pass, and the copies doubled its traffic. Only where
 * the Vector API has no ByteBuffer loads and stores (JDK 19 on, {@link VectorApi}) are the rows staged, a
 * block at a time.
 *
 * <p>One thread: the pass follows a GEMM whose OpenBLAS workers keep spinning on the other cores for
 * a while, and measured here (2 cores) a second thread made the pass slower at batch 512 and no
 * faster at 2048.
 */
final class VectorCrossPasses extends FeatureCrossPasses {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Elements of each array a block of staged rows may hold: with the pass's five or six arrays, inside L2. */
    private static final int BLOCK_ELEMENTS = 8 << 10;

    private final ScratchArrays scratch = new ScratchArrays(DataType.FLOAT);

    @Override
    public void forward(Scale scale, INDArray x0, INDArray output) {
        int d = Math.toIntExact(x0.size(1));
        ScaleSum sum = new ScaleSum(scale, d);
        Rows first = new Rows(x0, "x0");
        Rows y = new Rows(output, "output");
        forEachRow(x0, new Rows[]{sum.activated, sum.x, first}, new Rows[]{y}, (row, columns) -> {
            for (int k = 0; k < d; k += LANES.length()) {
                VectorMask<Float> mask = columns.mask(k);
                int at = row + k;
                FloatVector xk = sum.x.load(at, mask);
                FloatVector s = sum.at(at, k, mask, xk);
                y.store(first.load(at, mask).fma(s, xk), at, mask);
            }
        });
    }

    @Override
    public void backward(INDArray upstream, INDArray x0, Scale scale, INDArray gradScale, INDArray gradX0,
                         INDArray gradX, INDArray biasGradient) {
        int d = Math.toIntExact(x0.size(1));
        boolean oneInput = gradX == null;
        float[] sums = biasGradient == null ? null : row("columnSums", d, null);
        ScaleSum sum = new ScaleSum(scale, d);
        Rows g = new Rows(upstream, "upstream");
        Rows first = new Rows(x0, "x0");
        Rows dScaleOut = new Rows(gradScale, "gradScale");
        Rows dx0Out = new Rows(gradX0, "gradX0");
        Rows dxOut = oneInput ? null : new Rows(gradX, "gradX");
        Rows[] outputs = oneInput ? new Rows[]{dScaleOut, dx0Out} : new Rows[]{dScaleOut, dx0Out, dxOut};
        forEachRow(x0, new Rows[]{sum.activated, sum.x, g, first}, outputs, (row, columns) -> {
            for (int k = 0; k < d; k += LANES.length()) {
                VectorMask<Float> mask = columns.mask(k);
                int at = row + k;
                FloatVector gk = g.load(at, mask);
                FloatVector dScale = gk.mul(first.load(at, mask));
                dScaleOut.store(dScale, at, mask);
                FloatVector dx = sum.hasDiag ? dScale.fma(sum.diag(), gk) : gk;
                FloatVector dx0 = gk.mul(sum.at(at, k, mask, sum.hasDiag ? sum.x.load(at, mask) : null));
                if (oneInput) {
                    dx0Out.store(dx0.add(dx), at, mask);
                } else {
                    dx0Out.store(dx0, at, mask);
                    dxOut.store(dx, at, mask);
                }
                if (sums != null) {
                    // Past d, a masked load's lanes are 0: the padding gets nothing.
                    FloatVector.fromArray(LANES, sums, k).add(dScale).intoArray(sums, k);
                }
            }
        });
        if (sums != null) {
            bytes(biasGradient).asFloatBuffer().put(sums, 0, d);
        }
    }

    /** The element-wise work on one row, which starts at element {@code row} of every {@link Rows}. */
    private interface RowKernel {
        void run(int row, Columns columns);
    }

    /**
     * Runs {@code kernel} on each row of [batch, d] arrays shaped as {@code rows}: all at once where the arrays
     * are read and written in place, else a block of rows at a time, the inputs' rows staged in first and the
     * outputs' copied out after.
     */
    private static void forEachRow(INDArray rows, Rows[] inputs, Rows[] outputs, RowKernel kernel) {
        int batch = Math.toIntExact(rows.size(0));
        int d = Math.toIntExact(rows.size(1));
        Columns columns = new Columns(d);
        int block = VectorApi.BYTE_BUFFER_ACCESS ? batch : Rows.blockRows(d);
        for (int first = 0; first < batch; first += block) {
            int count = Math.min(block, batch - first);
            for (Rows input : inputs) {
                input.stageIn(first, count);
            }
            int start = VectorApi.BYTE_BUFFER_ACCESS ? first * d : 0;
            for (int r = 0; r < count; r++) {
                kernel.run(start + r * d, columns);
            }
            for (Rows output : outputs) {
                output.stageOut(first, count);
            }
        }
    }

    /**
     * One [batch, d] array, loaded and stored a vector at a time by element index: in place in its native memory
     * where the Vector API loads and stores there, else in a block of its rows staged in a Java array (element
     * 0 the block's first). Which of the two is a constant, which C2 folds.
     */
    private final class Rows {
        private final ByteBuffer bytes;
        /** The array for the staging copies, and the block they fill; null where there is no staging. */
        private final HostArray staging;
        private final float[] block;
        private final int d;

        Rows(INDArray array, String name) {
            bytes = bytes(array);
            d = Math.toIntExact(array.size(1));
            staging = VectorApi.BYTE_BUFFER_ACCESS ? null : new HostArray(array, scratch);
            block = VectorApi.BYTE_BUFFER_ACCESS ? null : (float[]) scratch.javaArray(name, blockRows(d) * d);
        }

        /** How many rows of d elements a staged block holds. */
        static int blockRows(int d) {
            return Math.max(1, BLOCK_ELEMENTS / d);
        }

        FloatVector load(int at, VectorMask<Float> mask) {
            if (VectorApi.BYTE_BUFFER_ACCESS) {
                return mask == null ? FloatVector.fromByteBuffer(LANES, bytes, at * Float.BYTES, ORDER)
                        : FloatVector.fromByteBuffer(LANES, bytes, at * Float.BYTES, ORDER, mask);
            }
            return mask == null ? FloatVector.fromArray(LANES, block, at) : FloatVector.fromArray(LANES, block, at, mask);
        }

        void store(FloatVector vector, int at, VectorMask<Float> mask) {
            if (VectorApi.BYTE_BUFFER_ACCESS) {
                if (mask == null) {
                    vector.intoByteBuffer(bytes, at * Float.BYTES, ORDER);
                } else {
                    vector.intoByteBuffer(bytes, at * Float.BYTES, ORDER, mask);
                }
            } else if (mask == null) {
                vector.intoArray(block, at);
            } else {
                vector.intoArray(block, at, mask);
            }
        }

        /** Copies rows [first, first + count) into the staged block, where there is one. */
        void stageIn(int first, int count) {
            if (staging != null) {
                staging.read((long) first * d, block, 0, count * d);
            }
        }

        /** Copies the staged block out to rows [first, first + count), where there is one. */
        void stageOut(int first, int count) {
            if (staging != null) {
                staging.write((long) first * d, block, 0, count * d);
            }
        }
    }

    /** A row's vectors: whole ones, then a masked last one when d is no multiple of the vector length. */
    private static final class Columns {
        private final int whole;
        private final VectorMask<Float> tail;

        Columns(int d) {
            whole = LANES.loopBound(d);
            tail = LANES.indexInRange(whole, d);
        }

        /** The mask of the vector at column k: null for a whole vector. */
        VectorMask<Float> mask(int k) {
            return k < whole ? null : tail;
        }
    }

    /** Adds up the scale's terms, a vector at a time. */
    private final class ScaleSum {
        final Rows activated;
        final Rows x;
        final float[] biasRow;
        final boolean hasDiag;
        final float diagScale;

        ScaleSum(Scale scale, int d) {
            activated = new Rows(scale.activated(), "activated");
            x = new Rows(scale.x(), "x");
            biasRow = scale.bias() == null ? null : row("bias", d, scale.bias());
            hasDiag = scale.diagScale() != 0;
            diagScale = (float) scale.diagScale();
        }

        FloatVector diag() {
            return FloatVector.broadcast(LANES, diagScale);
        }

        /** s at element {@code at}, column k; {@code xk} is x there (null without a diagScale term). */
        FloatVector at(int at, int k, VectorMask<Float> mask, FloatVector xk) {
            FloatVector s = activated.load(at, mask);
            if (biasRow != null) {
                s = s.add(FloatVector.fromArray(LANES, biasRow, k));
            }
            return hasDiag ? xk.fma(diag(), s) : s;
        }
    }

    /** The array's elements as native-order bytes, from its first element on. */
    private static ByteBuffer bytes(INDArray array) {
        ByteBuffer all = RunCopy.bytes(array);   // checks the layout
        int width = array.dataType().width();
        return all.slice(Math.toIntExact(array.offset() * width), Math.toIntExact(array.length() * width))
                .order(ORDER);
    }

    /**
     * The Java array called {@code name} holding d elements and one vector of zeros after them, so that
     * a row's last vector reads and writes it whole: {@code values}' elements, or all zeros for null.
     */
    private float[] row(String name, int d, INDArray values) {
        float[] row = (float[]) scratch.javaArray(name, d + LANES.length());
        Arrays.fill(row, 0);
        if (values != null) {
            bytes(values).asFloatBuffer().get(row, 0, d);
        }
        return row;
    }
}
