package io.github.kerasrs4j.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * {@link FeatureCrossPasses} in FLOAT as SIMD loops on the JDK's Vector API: it stages a few rows
 * of every array in Java arrays, computes all the element-wise steps on them in one loop, and writes
 * the results back. A staged block is flat (the bias tiled once per row), so every loop runs over
 * one contiguous run, and the Java arrays carry one vector of zeroed padding, so the last vector of a
 * block needs no tail loop (what it computes there is never written back, and adds 0 to the column
 * sums).
 *
 * <p>One thread: the pass follows a GEMM whose OpenBLAS workers keep spinning on the other cores for
 * a while, and measured here (2 cores) a second thread made the pass slower at batch 512 and no
 * faster at 2048.
 */
final class VectorCrossPasses extends FeatureCrossPasses {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    /** Elements staged per array and step: with six arrays, a step's data stays in the core's L2 cache. */
    private static final int BLOCK_ELEMENTS = 2048;

    private final ScratchArrays scratch = new ScratchArrays(DataType.FLOAT);

    @Override
    public void forward(INDArray activated, INDArray bias, double diagScale, INDArray x0, INDArray x,
                        INDArray output) {
        int d = Math.toIntExact(x0.size(1));
        boolean hasBias = bias != null;
        boolean hasDiag = diagScale != 0;
        FloatVector diag = FloatVector.broadcast(LANES, (float) diagScale);
        float[] biasRows = hasBias ? tiledRow(bias, d) : null;
        INDArray[] outputs = {hasBias || hasDiag ? activated : null, output};
        pass(d, new INDArray[]{activated, x0, x}, outputs, (in, out, length) -> {
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
        // Column sums, one partial per staged row position; folded into one row at the end.
        float[] sums = staged("columnSums", d);
        Arrays.fill(sums, 0);
        pass(d, new INDArray[]{upstream, x0, scale}, outputs, (in, out, length) -> {
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
            for (int k = 0; k < rowsPerBlock(d) * d; k++) {
                total[k % d] += sums[k];
            }
            new HostArray(biasGradient, scratch).write(0, total, 0, d);
        }
    }

    /** The element-wise work on one staged block of {@code length} elements, from the inputs into the outputs. */
    private interface BlockKernel {
        void compute(float[][] in, float[][] out, int length);
    }

    /**
     * Runs {@code kernel} over the rows of [batch, d] arrays block by block: every input's block
     * staged, the outputs' written back (a null output is not).
     */
    private void pass(int d, INDArray[] inputs, INDArray[] outputs, BlockKernel kernel) {
        int rows = rowsPerBlock(d);
        long batch = inputs[0].size(0);
        HostArray[] sources = new HostArray[inputs.length];
        float[][] in = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            sources[i] = new HostArray(inputs[i], scratch);
            in[i] = staged("in" + i, d);
        }
        HostArray[] targets = new HostArray[outputs.length];
        float[][] out = new float[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            targets[i] = outputs[i] == null ? null : new HostArray(outputs[i], scratch);
            out[i] = staged("out" + i, d);
        }
        for (long start = 0; start < batch; start += rows) {
            long at = start * d;
            int length = (int) Math.min(rows, batch - start) * d;
            for (int i = 0; i < inputs.length; i++) {
                sources[i].read(at, in[i], 0, length);
                Arrays.fill(in[i], length, length + LANES.length(), 0);
            }
            kernel.compute(in, out, length);
            for (int i = 0; i < outputs.length; i++) {
                if (targets[i] != null) {
                    targets[i].write(at, out[i], 0, length);
                }
            }
        }
    }

    /** Whole rows of about {@link #BLOCK_ELEMENTS} elements, at least one. */
    private static int rowsPerBlock(int d) {
        return Math.max(1, BLOCK_ELEMENTS / d);
    }

    /** The Java array called {@code name} for a block of rows of d elements and one vector of padding. */
    private float[] staged(String name, int d) {
        return (float[]) scratch.javaArray(name, rowsPerBlock(d) * d + LANES.length());
    }

    /** The [1, d] row repeated once per row of a block. */
    private float[] tiledRow(INDArray row, int d) {
        float[] tiled = staged("biasRows", d);
        new HostArray(row, scratch).read(0, tiled, 0, d);
        for (int r = 1; r < rowsPerBlock(d); r++) {
            System.arraycopy(tiled, 0, tiled, r * d, d);
        }
        return tiled;
    }
}
