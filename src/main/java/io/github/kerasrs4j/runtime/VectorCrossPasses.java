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
        long batch = x0.size(0);
        ScaleSum sum = new ScaleSum(scale, d);
        ByteBuffer first = bytes(x0);
        ByteBuffer y = bytes(output);
        int whole = LANES.loopBound(d);
        VectorMask<Float> tail = LANES.indexInRange(whole, d);
        for (long r = 0; r < batch; r++) {
            int rowStart = Math.toIntExact(r * d);
            for (int k = 0; k < d; k += LANES.length()) {
                VectorMask<Float> mask = k < whole ? null : tail;
                int at = (rowStart + k) * Float.BYTES;
                FloatVector xk = load(sum.x, at, mask);
                FloatVector s = sum.at(at, k, mask, xk);
                store(load(first, at, mask).fma(s, xk), y, at, mask);
            }
        }
    }

    @Override
    public void backward(INDArray upstream, INDArray x0, Scale scale, INDArray gradScale, INDArray gradX0,
                         INDArray gradX, INDArray biasGradient) {
        int d = Math.toIntExact(x0.size(1));
        long batch = x0.size(0);
        boolean oneInput = gradX == null;
        boolean sumsColumns = biasGradient != null;
        ScaleSum sum = new ScaleSum(scale, d);
        float[] sums = sumsColumns ? row("columnSums", d, null) : null;
        ByteBuffer g = bytes(upstream);
        ByteBuffer first = bytes(x0);
        ByteBuffer dScaleOut = bytes(gradScale);
        ByteBuffer dx0Out = bytes(gradX0);
        ByteBuffer dxOut = oneInput ? null : bytes(gradX);
        int whole = LANES.loopBound(d);
        VectorMask<Float> tail = LANES.indexInRange(whole, d);
        for (long r = 0; r < batch; r++) {
            int rowStart = Math.toIntExact(r * d);
            for (int k = 0; k < d; k += LANES.length()) {
                VectorMask<Float> mask = k < whole ? null : tail;
                int at = (rowStart + k) * Float.BYTES;
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
                if (sumsColumns) {
                    // Past d, a masked load's lanes are 0: the padding gets nothing.
                    FloatVector.fromArray(LANES, sums, k).add(dScale).intoArray(sums, k);
                }
            }
        }
        if (sumsColumns) {
            bytes(biasGradient).asFloatBuffer().put(sums, 0, d);
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
