package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernel on the CPU backend, in FLOAT, when the JVM runs with the JDK's Vector API
 * ({@code --add-modules jdk.incubator.vector}): SIMD loops in Java over a block of samples at a time
 * ({@link VectorMath}), the samples split between threads. Per sample it computes only the lower
 * triangle and diagonal of Z = X·Xᵀ, half of a GEMM's work, and dX = S·X without a native call;
 * measured here, both beat one OpenBLAS GEMM per sample, whose packing and call costs dominate at
 * F x D = 27 x 128 (docs/performance.md).
 *
 * <p>Forward: each sample's kept entries of Z (in skip_gather mode all of Z, the masked entries computed from
 * their mirrors) written into an output block, copied out a block of samples at a time. Backward: S = G + Gᵀ built
 * in one pass from the upstream gradient G, then dX = S·X, its rows stored straight into the input gradients.
 */
final class VectorInteractionKernel implements InteractionKernel {

    private final InteractionLayout layout;
    private final VectorMath math;
    private final ScratchArrays scratch;
    private final int threads;
    private final long minWorkPerThread;
    /** Where each row's kept run of Z starts in a sample's output. */
    private final int[] rowOffset;

    /**
     * Whether this kernel runs here: the Vector API present, ND4J on the CPU, FLOAT. Where the Vector API cannot store
     * into native memory (JDK 19 on, {@link VectorApi}), dX is staged in a Java array and copied out.
     */
    static boolean supports(DataType dataType) {
        return VectorApi.PRESENT && dataType == DataType.FLOAT && Nd4j.getEnvironment().isCPU();
    }

    /**
     * @param threads          how many threads may share a call's samples
     * @param minWorkPerThread multiply-adds a thread must get for a call to be split
     */
    VectorInteractionKernel(InteractionLayout layout, DataType dataType, int threads, long minWorkPerThread) {
        this.layout = layout;
        this.math = VectorMath.of(dataType);
        this.scratch = new ScratchArrays(dataType);
        this.threads = threads;
        this.minWorkPerThread = minWorkPerThread;
        this.rowOffset = rowOffsets(layout);
    }

    /** Where each row's kept run of Z starts in a sample's output: row * F in skip_gather mode. */
    static int[] rowOffsets(InteractionLayout layout) {
        int f = layout.numFeatures();
        int[] offsets = new int[f];
        for (int row = 0; row < f; row++) {
            offsets[row] = layout.outputRowStart(row);
        }
        return offsets;
    }

    @Override
    public void forward(InteractionInputs inputs, INDArray output) {
        int f = layout.numFeatures();
        int d = Math.toIntExact(inputs.dim);
        int k = layout.outputSize();
        long perSample = (long) f * (f + 1) / 2 * d;
        SampleParts.run(inputs.batch, threads, perSample, minWorkPerThread, scratch, (part, from, to) -> {
            SampleBlocks samples = new SampleBlocks(inputs, null, math, part);
            HostArray out = new HostArray(output, part);
            Object outBlock = part.javaArray("output", samples.blockSize() * k + math.lanes());
            Object columns = part.javaArray("columns", math.columnsLength(f, d));
            for (long start = from; start < to; start += samples.blockSize()) {
                int count = (int) Math.min(samples.blockSize(), to - start);
                samples.load(start, count);
                for (int s = 0; s < count; s++) {
                    math.interactions(samples.x(), samples.offset(s), samples.rowStride(), d, columns, outBlock, s * k,
                            layout);
                }
                out.write(start * k, outBlock, 0, count * k);
            }
        });
    }

    @Override
    public void backward(InteractionInputs inputs, INDArray upstreamGradient, INDArray[] gradients) {
        int f = layout.numFeatures();
        int d = Math.toIntExact(inputs.dim);
        int k = layout.outputSize();
        INDArray upstream = RunCopy.contiguous(upstreamGradient);
        SampleParts.run(inputs.batch, threads, (long) f * f * d, minWorkPerThread, scratch, (part, from, to) -> {
            SampleBlocks samples = new SampleBlocks(inputs, gradients, math, part);
            HostArray up = new HostArray(upstream, part);
            Object upBlock = part.javaArray("upstream", samples.blockSize() * k);
            Object symmetric = part.javaArray("symmetric", f * f);
            for (long start = from; start < to; start += samples.blockSize()) {
                int count = (int) Math.min(samples.blockSize(), to - start);
                samples.load(start, count);
                up.read(start * k, upBlock, 0, count * k);
                for (int s = 0; s < count; s++) {
                    math.symmetricGradient(upBlock, s * k, f, rowOffset, layout.skipGather(), layout.selfInteraction(),
                            symmetric);
                    math.times(symmetric, samples.x(), samples.offset(s), samples.rowStride(), f, d,
                            samples.gradientRows(), samples.stagedGradient(), samples.gradientRowsAt(start, s));
                }
                samples.store(start, count);
            }
        });
    }
}
