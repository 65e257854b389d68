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
 * vector of zeroed padding, so the last vector of a block needs no tail loop (what it computes there
 * is never written back, and adds 0 to the column sums).
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
        boolean hasBias = bias != null;
        boolean hasDiag = diagScale != 0;
        FloatVector diag = FloatVector.broadcast(LANES, (float) diagScale);
        float[] biasRows = hasBias ? tiledRow(bias, d) : null;
        INDArray[] outputs = {hasBias || hasDiag ? activated : null, output};
        pass(d, new INDArray[]{activated, x0, x}, outputs, (in, out, length, part, first) -> {
            for (int k = 0; k < length; k += LANES.length()) {
                FloatVector scale = FloatVector.fromArray(LANES, in[0], k);
                FloatVector xk = FloatVector.fromArray(LANES, in[2], k);
                if (hasBias) {
                    scale = scale.add(FloatVector.fromArray(LANES, biasRows, k));
                }
                if (hasDiag) {
                    scale = xk.fma(diag, scale);
                }
                scale.intoArray(out[0], k);
                FloatVector.fromArray(LANES, in[1], k).fma(scale, xk).intoArray(out[1], k);
            }
        });
    }

    @Override
    public void backward(INDArray upstream, INDArray x0, INDArray scale, double diagScale, INDArray gradScale,
                         INDArray gradX0, INDArray gradX, INDArray biasGradient) {
        int d = Math.toIntExact(x0.size(1));
        boolean oneInput = gradX == null;
        boolean sumsColumns = biasGradient != null;
        boolean hasDiag = diagScale != 0;
        FloatVector diag = FloatVector.broadcast(LANES, (float) diagScale);
        INDArray[] outputs = {gradScale, gradX0, gradX};
        int parts = pass(d, new INDArray[]{upstream, x0, scale}, outputs, (in, out, length, part, first) -> {
            // Column sums, one partial per staged row position; folded into one row at the end.
            float[] sums = staged(part, "columnSums", d);
            if (first) {
                Arrays.fill(sums, 0);
            }
            for (int k = 0; k < length; k += LANES.length()) {
                FloatVector g = FloatVector.fromArray(LANES, in[0], k);
                FloatVector dScale = g.mul(FloatVector.fromArray(LANES, in[1], k));
                dScale.intoArray(out[0], k);
                FloatVector dx = hasDiag ? dScale.fma(diag, g) : g;
                FloatVector dx0 = g.mul(FloatVector.fromArray(LANES, in[2], k));
                if (oneInput) {
                    dx0.add(dx).intoArray(out[1], k);
                } else {
                    dx0.intoArray(out[1], k);
                    dx.intoArray(out[2], k);
                }
                if (sumsColumns) {
                    FloatVector.fromArray(LANES, sums, k).add(dScale).intoArray(sums, k);
                }
            }
        });
        if (sumsColumns) {
            float[] total = new float[d];
            int blockLength = rowsPerBlock(d) * d;
            for (int p = 0; p < parts; p++) {   // in part order, so that the sum does not depend on thread timing
                float[] sums = staged(scratch.forPart(p), "columnSums", d);
                for (int k = 0; k < blockLength; k++) {
                    total[k % d] += sums[k];
                }
            }
            new HostArray(biasGradient, scratch).write(0, total, 0, d);
        }
    }

    /** The element-wise work on one staged block of {@code length} elements, from the inputs into the outputs. */
    private interface BlockKernel {
        void compute(float[][] in, float[][] out, int length, ScratchArrays part, boolean firstOfPart);
    }

    /**
     * Runs {@code kernel} over the rows of [batch, d] arrays block by block, the rows split between
     * threads: every input's block staged, the outputs' written back (a null output is not).
     *
     * @return how many parts (threads) ran
     */
    private int pass(int d, INDArray[] inputs, INDArray[] outputs, BlockKernel kernel) {
        int rows = rowsPerBlock(d);
        return SampleParts.run(inputs[0].size(0), threads, d, MIN_ELEMENTS_PER_THREAD, scratch, (part, from, to) -> {
            HostArray[] sources = new HostArray[inputs.length];
            float[][] in = new float[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
                sources[i] = new HostArray(inputs[i], part);
                in[i] = staged(part, "in" + i, d);
            }
            HostArray[] targets = new HostArray[outputs.length];
            float[][] out = new float[outputs.length][];
            for (int i = 0; i < outputs.length; i++) {
                targets[i] = outputs[i] == null ? null : new HostArray(outputs[i], part);
                out[i] = staged(part, "out" + i, d);
            }
            for (long start = from; start < to; start += rows) {
                long at = start * d;
                int length = (int) Math.min(rows, to - start) * d;
                for (int i = 0; i < inputs.length; i++) {
                    sources[i].read(at, in[i], 0, length);
                    Arrays.fill(in[i], length, length + LANES.length(), 0);
                }
                kernel.compute(in, out, length, part, start == from);
                for (int i = 0; i < outputs.length; i++) {
                    if (targets[i] != null) {
                        targets[i].write(at, out[i], 0, length);
                    }
                }
            }
        });
    }

    /** Whole rows of about {@link #BLOCK_ELEMENTS} elements, at least one. */
    private static int rowsPerBlock(int d) {
        return Math.max(1, BLOCK_ELEMENTS / d);
    }

    /** The Java array called {@code name} for a block of rows of d elements and one vector of padding. */
    private static float[] staged(ScratchArrays part, String name, int d) {
        return (float[]) part.javaArray(name, rowsPerBlock(d) * d + LANES.length());
    }

    /** The [1, d] row repeated once per row of a block. */
    private float[] tiledRow(INDArray row, int d) {
        float[] tiled = staged(scratch, "biasRows", d);
        new HostArray(row, scratch).read(0, tiled, 0, d);
        for (int r = 1; r < rowsPerBlock(d); r++) {
            System.arraycopy(tiled, 0, tiled, r * d, d);
        }
        return tiled;
    }
}
