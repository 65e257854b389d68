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
 * made the pass 10-25% slower: it is a memory-bound pass, and the copies doubled its traffic.
 *
 * <p>One thread: the pass follows a GEMM whose OpenBLAS workers keep spinning on the other cores for
 * a while, and measured here (2 cores) a second thread made the pass slower at batch 512 and no
 * faster at 2048.
 */
final class VectorCrossPasses extends FeatureCrossPasses {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final ScratchArrays scratch = new ScratchArrays(DataType.FLOAT);

    @Override
    public void forward(Scale scale, INDArray x0, INDArray output) {
        int d = Math.toIntExact(x0.size(1));
        ScaleSum sum = new ScaleSum(scale, d);
        ByteBuffer first = bytes(x0);
        ByteBuffer y = bytes(output);
        forEachRow(x0, (row, columns) -> {
            for (int k = 0; k < d; k += LANES.length()) {
                VectorMask<Float> mask = columns.mask(k);
                int at = row + k * Float.BYTES;
                FloatVector xk = load(sum.x, at, mask);
                FloatVector s = sum.at(at, k, mask, xk);
                store(load(first, at, mask).fma(s, xk), y, at, mask);
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
        ByteBuffer g = bytes(upstream);
        ByteBuffer first = bytes(x0);
        ByteBuffer dScaleOut = bytes(gradScale);
        ByteBuffer dx0Out = bytes(gradX0);
        ByteBuffer dxOut = oneInput ? null : bytes(gradX);
        forEachRow(x0, (row, columns) -> {
            for (int k = 0; k < d; k += LANES.length()) {
                VectorMask<Float> mask = columns.mask(k);
                int at = row + k * Float.BYTES;
                FloatVector gk = load(g, at, mask);
                FloatVector dScale = gk.mul(load(first, at, mask));
                store(dScale, dScaleOut, at, mask);
                FloatVector dx = sum.hasDiag ? dScale.fma(sum.diag(), gk) : gk;
                FloatVector dx0 = gk.mul(sum.at(at, k, mask, sum.hasDiag ? load(sum.x, at, mask) : null));
                if (oneInput) {
                    store(dx0.add(dx), dx0Out, at, mask);
                } else {
                    store(dx0, dx0Out, at, mask);
                    store(dx, dxOut, at, mask);
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

    /** The element-wise work on one row, which starts at byte {@code row} of every [batch, d] array. */
    private interface RowKernel {
        void run(int row, Columns columns);
    }

    /** Runs {@code kernel} on each row of [batch, d] arrays shaped as {@code rows}. */
    private static void forEachRow(INDArray rows, RowKernel kernel) {
        long d = rows.size(1);
        Columns columns = new Columns(Math.toIntExact(d));
        for (long r = 0; r < rows.size(0); r++) {
            kernel.run(Math.toIntExact(r * d * Float.BYTES), columns);
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
        final ByteBuffer activated;
        final ByteBuffer x;
        final float[] biasRow;
        final boolean hasDiag;
        final float diagScale;

        ScaleSum(Scale scale, int d) {
            activated = bytes(scale.activated());
            x = bytes(scale.x());
            biasRow = scale.bias() == null ? null : row("bias", d, scale.bias());
            hasDiag = scale.diagScale() != 0;
            diagScale = (float) scale.diagScale();
        }

        FloatVector diag() {
            return FloatVector.broadcast(LANES, diagScale);
        }

        /** s at byte {@code at}, column k; {@code xk} is x there (null without a diagScale term). */
        FloatVector at(int at, int k, VectorMask<Float> mask, FloatVector xk) {
            FloatVector s = load(activated, at, mask);
            if (biasRow != null) {
                s = s.add(FloatVector.fromArray(LANES, biasRow, k));
            }
            return hasDiag ? xk.fma(diag(), s) : s;
        }
    }

    private static FloatVector load(ByteBuffer buffer, int at, VectorMask<Float> mask) {
        return mask == null ? FloatVector.fromByteBuffer(LANES, buffer, at, ORDER)
                : FloatVector.fromByteBuffer(LANES, buffer, at, ORDER, mask);
    }

    private static void store(FloatVector vector, ByteBuffer buffer, int at, VectorMask<Float> mask) {
        if (mask == null) {
            vector.intoByteBuffer(buffer, at, ORDER);
        } else {
            vector.intoByteBuffer(buffer, at, ORDER, mask);
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
