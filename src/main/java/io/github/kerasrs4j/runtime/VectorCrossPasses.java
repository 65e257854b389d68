package io.github.kerasrs4j.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * {@link FeatureCrossPasses} in FLOAT as SIMD loops on the JDK's Vector API: each thread stages a
 * few rows of every array in Java arrays, computes all the element-wise steps on them in one loop,
 * and writes the results back. The rows are split between threads; a staged block is flat (the bias
 * tiled once per row), so every loop runs over one contiguous run, and the Java arrays carry one
 * vector of padding, so the last vector of a block needs no tail loop (what it computes there is
 * never written back, nor summed).
 */
final class VectorCrossPasses extends FeatureCrossPasses {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    /** Elements staged per array and step: with six arrays, a step's data stays in the core's L2 cache. */
    private static final int BLOCK_ELEMENTS = 2048;
    /** Elements a thread must get for a pass to be split: below this, handing rows to a thread costs more than it saves. */
    private static final long MIN_ELEMENTS_PER_THREAD = 1L << 16;

    private final int threads;
    private final ScratchArrays scratch = new ScratchArrays(DataType.FLOAT);

    VectorCrossPasses(int threads) {
        this.threads = threads;
    }

    @Override
    public void forward(INDArray activated, INDArray bias, double diagScale, INDArray x0, INDArray x,
                        INDArray output) {
        int d = Math.toIntExact(x0.size(1));
        int rows = rowsPerBlock(d);
        boolean hasBias = bias != null;
        boolean hasDiag = diagScale != 0;
        FloatVector diag = FloatVector.broadcast(LANES, (float) diagScale);
        float[] biasRows = hasBias ? tiledRow(bias, d, rows) : null;
        SampleParts.run(x0.size(0), threads, d, MIN_ELEMENTS_PER_THREAD, scratch, (part, from, to) -> {
            HostArray activatedRows = new HostArray(activated, part);
            HostArray x0Rows = new HostArray(x0, part);
            HostArray xRows = new HostArray(x, part);
            HostArray outputRows = new HostArray(output, part);
            float[] s = staged(part, "scale", rows, d);
            float[] a0 = staged(part, "x0", rows, d);
            float[] a = staged(part, "x", rows, d);
            float[] y = staged(part, "output", rows, d);
            for (long start = from; start < to; start += rows) {
                long at = start * d;
                int length = (int) Math.min(rows, to - start) * d;
                activatedRows.read(at, s, 0, length);
                x0Rows.read(at, a0, 0, length);
                xRows.read(at, a, 0, length);
                for (int k = 0; k < length; k += LANES.length()) {
                    FloatVector scale = FloatVector.fromArray(LANES, s, k);
                    FloatVector in = FloatVector.fromArray(LANES, a, k);
                    if (hasBias) {
                        scale = scale.add(FloatVector.fromArray(LANES, biasRows, k));
                    }
                    if (hasDiag) {
                        scale = in.fma(diag, scale);
                    }
                    scale.intoArray(s, k);
                    FloatVector.fromArray(LANES, a0, k).fma(scale, in).intoArray(y, k);
                }
                if (hasBias || hasDiag) {
                    activatedRows.write(at, s, 0, length);
                }
                outputRows.write(at, y, 0, length);
            }
        });
    }

    @Override
    public void backward(INDArray upstream, INDArray x0, INDArray scale, double diagScale, INDArray gradScale,
                         INDArray gradX0, INDArray gradX, INDArray biasGradient) {
        int d = Math.toIntExact(x0.size(1));
        int rows = rowsPerBlock(d);
        boolean oneInput = gradX == null;
        boolean sumsColumns = biasGradient != null;
        boolean hasDiag = diagScale != 0;
        FloatVector diag = FloatVector.broadcast(LANES, (float) diagScale);
        int parts = SampleParts.run(x0.size(0), threads, d, MIN_ELEMENTS_PER_THREAD, scratch, (part, from, to) -> {
            HostArray upstreamRows = new HostArray(upstream, part);
            HostArray x0Rows = new HostArray(x0, part);
            HostArray scaleRows = new HostArray(scale, part);
            HostArray gradScaleRows = new HostArray(gradScale, part);
            HostArray gradX0Rows = new HostArray(gradX0, part);
            HostArray gradXRows = oneInput ? null : new HostArray(gradX, part);
            float[] g = staged(part, "upstream", rows, d);
            float[] a0 = staged(part, "x0", rows, d);
            float[] s = staged(part, "scale", rows, d);
            float[] gs = staged(part, "gradScale", rows, d);
            float[] g0 = staged(part, "gradX0", rows, d);
            float[] gx = staged(part, "gradX", rows, d);
            // Column sums, one partial per staged row position; folded into one row at the end.
            float[] sums = staged(part, "columnSums", rows, d);
            Arrays.fill(sums, 0);
            for (long start = from; start < to; start += rows) {
                long at = start * d;
                int length = (int) Math.min(rows, to - start) * d;
                upstreamRows.read(at, g, 0, length);
                x0Rows.read(at, a0, 0, length);
                scaleRows.read(at, s, 0, length);
                // The last vector's lanes past the block add g * x0 to the column sums: make that 0.
                Arrays.fill(g, length, length + LANES.length(), 0);
                Arrays.fill(a0, length, length + LANES.length(), 0);
                for (int k = 0; k < length; k += LANES.length()) {
                    FloatVector up = FloatVector.fromArray(LANES, g, k);
                    FloatVector dScale = up.mul(FloatVector.fromArray(LANES, a0, k));
                    dScale.intoArray(gs, k);
                    FloatVector dx = hasDiag ? dScale.fma(diag, up) : up;
                    FloatVector dx0 = up.mul(FloatVector.fromArray(LANES, s, k));
                    if (oneInput) {
                        dx0.add(dx).intoArray(g0, k);
                    } else {
                        dx0.intoArray(g0, k);
                        dx.intoArray(gx, k);
                    }
                    if (sumsColumns) {
                        FloatVector.fromArray(LANES, sums, k).add(dScale).intoArray(sums, k);
                    }
                }
                gradScaleRows.write(at, gs, 0, length);
                gradX0Rows.write(at, g0, 0, length);
                if (!oneInput) {
                    gradXRows.write(at, gx, 0, length);
                }
            }
        });
        if (sumsColumns) {
            float[] total = new float[d];
            for (int p = 0; p < parts; p++) {   // in part order, so that the sum does not depend on thread timing
                float[] sums = (float[]) scratch.forPart(p).javaArray("columnSums", 0);
                for (int k = 0; k < rows * d; k++) {
                    total[k % d] += sums[k];
                }
            }
            new HostArray(biasGradient, scratch).write(0, total, 0, d);
        }
    }

    /** Whole rows of about {@link #BLOCK_ELEMENTS} elements, at least one. */
    private static int rowsPerBlock(int d) {
        return Math.max(1, BLOCK_ELEMENTS / d);
    }

    /** A part's Java array called {@code name}, for {@code rows} rows of d elements and one vector of padding. */
    private static float[] staged(ScratchArrays part, String name, int rows, int d) {
        return (float[]) part.javaArray(name, rows * d + LANES.length());
    }

    /** The [1, d] row repeated {@code rows} times, one after another. */
    private float[] tiledRow(INDArray row, int d, int rows) {
        float[] tiled = staged(scratch, "biasRows", rows, d);
        new HostArray(row, scratch).read(0, tiled, 0, d);
        for (int r = 1; r < rows; r++) {
            System.arraycopy(tiled, 0, tiled, r * d, d);
        }
        return tiled;
    }
}
