package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Where a call of the vector kernel spends its time, phase by phase, on one thread: the steps
 * {@link VectorInteractionKernel} takes for each block of samples, each timed apart in the thread's CPU
 * time (best of {@value #REPEATS} passes over the batch), for F separate inputs [batch, D], fp32,
 * self_interaction off. Forward: copying the inputs in, the Gram matrices (and skip_gather's mask),
 * copying the output block out; backward: copying X and the upstream gradient in, S = G + Gᵀ alone, S and
 * dX = S·X together (the backward's arithmetic, dX written straight into the input gradients). Run (docs/performance.md):
 * {@code mvn -B test-compile exec:exec -Dexec.executable=java
 * -Dexec.args="--add-modules jdk.incubator.vector -classpath %classpath io.github.kerasrs4j.runtime.VectorKernelPhases 2048 27 128"}
 */
public final class VectorKernelPhases {

    private static final int REPEATS = 20;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private VectorKernelPhases() {
    }

    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int f = Integer.parseInt(args[1]);
        int d = Integer.parseInt(args[2]);
        System.out.println("| batch, F, D | mode | forward: inputs in | Gram | output out | backward: X and upstream in"
                + " | S = G + Gᵀ alone | S and dX = S·X, written out |\n| --- | --- | --- | --- | --- | --- | --- | --- |");
        forwardPhases(batch, f, d, false);   // a pass to have the loops compiled before any is timed
        backwardPhases(batch, f, d, false);
        for (boolean skipGather : new boolean[]{false, true}) {
            double[] forward = forwardPhases(batch, f, d, skipGather);
            double[] backward = backwardPhases(batch, f, d, skipGather);
            System.out.printf("| %d, %d, %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", batch, f, d,
                    skipGather ? "skip_gather" : "gather", forward[0], forward[1], forward[2], backward[0], backward[1],
                    backward[2]);
        }
    }

    private static double[] forwardPhases(int batch, int f, int d, boolean skipGather) {
        InteractionLayout layout = new InteractionLayout(f, false, skipGather);
        INDArray[] features = randomInputs(batch, f, d);
        InteractionInputs inputs = new InteractionInputs(features, null, DataType.FLOAT);
        INDArray output = Nd4j.create(DataType.FLOAT, batch, layout.outputSize());
        int k = layout.outputSize();
        VectorMath math = VectorMath.of(DataType.FLOAT);
        ScratchArrays scratch = new ScratchArrays(DataType.FLOAT);
        SampleBlocks samples = new SampleBlocks(inputs, null, math, scratch);
        HostArray out = new HostArray(output, scratch);
        Object outBlock = scratch.javaArray("output", samples.blockSize() * k + math.lanes());
        Object columns = scratch.javaArray("columns", math.columnsLength(f, d));
        return bestOfRepeats(3, batch, samples.blockSize(), (start, count, spent) -> {
            long t0 = CPU.getCurrentThreadCpuTime();
            samples.load(start, count);
            long t1 = CPU.getCurrentThreadCpuTime();
            for (int s = 0; s < count; s++) {
                math.interactions(samples.x(), samples.offset(s), samples.rowStride(), d, columns, outBlock, s * k,
                        layout);
            }
            long t2 = CPU.getCurrentThreadCpuTime();
            out.write(start * k, outBlock, 0, count * k);
            long t3 = CPU.getCurrentThreadCpuTime();
            spent[0] += t1 - t0;
            spent[1] += t2 - t1;
            spent[2] += t3 - t2;
        });
    }

    private static double[] backwardPhases(int batch, int f, int d, boolean skipGather) {
        InteractionLayout layout = new InteractionLayout(f, false, skipGather);
        INDArray[] features = randomInputs(batch, f, d);
        INDArray[] gradients = new INDArray[f];
        for (int i = 0; i < f; i++) {
            gradients[i] = Nd4j.create(DataType.FLOAT, batch, d);
        }
        InteractionInputs inputs = new InteractionInputs(features, null, DataType.FLOAT);
        int k = layout.outputSize();
        INDArray upstream = Nd4j.randn(DataType.FLOAT, batch, k);
        int[] rowOffset = VectorInteractionKernel.rowOffsets(layout);
        VectorMath math = VectorMath.of(DataType.FLOAT);
        ScratchArrays scratch = new ScratchArrays(DataType.FLOAT);
        SampleBlocks samples = new SampleBlocks(inputs, gradients, math, scratch);
        HostArray up = new HostArray(upstream, scratch);
        Object upBlock = scratch.javaArray("upstream", samples.blockSize() * k);
        Object symmetric = scratch.javaArray("symmetric", f * f);
        return bestOfRepeats(3, batch, samples.blockSize(), (start, count, spent) -> {
            long t0 = CPU.getCurrentThreadCpuTime();
            samples.load(start, count);
            up.read(start * k, upBlock, 0, count * k);
            spent[0] += CPU.getCurrentThreadCpuTime() - t0;
            // S alone, then S and dX = S·X together: a clock read per sample would cost more than S itself.
            long t1 = CPU.getCurrentThreadCpuTime();
            for (int s = 0; s < count; s++) {
                math.symmetricGradient(upBlock, s * k, f, rowOffset, skipGather, false, symmetric);
            }
            long t2 = CPU.getCurrentThreadCpuTime();
            for (int s = 0; s < count; s++) {
                math.symmetricGradient(upBlock, s * k, f, rowOffset, skipGather, false, symmetric);
                math.times(symmetric, samples.x(), samples.offset(s), samples.rowStride(), f, d,
                        samples.gradientRows(), samples.stagedGradient(), samples.gradientRowsAt(start, s));
            }
            samples.store(start, count);
            spent[1] += t2 - t1;
            spent[2] += CPU.getCurrentThreadCpuTime() - t2;
        });
    }

    /** One block's steps, adding each phase's CPU nanoseconds to {@code spent}. */
    private interface BlockPhases {
        void run(long start, int count, long[] spent);
    }

    /** Each phase's least total over {@value #REPEATS} passes over the batch, in milliseconds. */
    private static double[] bestOfRepeats(int phases, int batch, int blockSize, BlockPhases block) {
        double[] best = new double[phases];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            long[] spent = new long[phases];
            for (long start = 0; start < batch; start += blockSize) {
                block.run(start, (int) Math.min(blockSize, batch - start), spent);
            }
            for (int i = 0; i < phases; i++) {
                best[i] = Math.min(best[i], spent[i] / 1e6);
            }
        }
        return best;
    }

    private static INDArray[] randomInputs(int batch, int f, int d) {
        INDArray[] features = new INDArray[f];
        for (int i = 0; i < f; i++) {
            features[i] = Nd4j.randn(DataType.FLOAT, batch, d);
        }
        return features;
    }
}
