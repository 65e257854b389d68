package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.LongConsumer;

import static org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_GEMM_MULTITHREAD_THRESHOLD;

/**
 * A kernel for the CPU backend, in FLOAT or DOUBLE: one OpenBLAS GEMM per sample and pass, with
 * the samples split between threads; the runtime's choice where the JVM lacks the Vector API, and
 * for the shapes {@link VectorInteractionKernel} loses ({@link CpuInteractionKernel}). ND4J 1.0.0-M2.1's batched matmul takes about twice as long as
 * such a loop here (docs/performance.md); working a block of samples at a time also keeps their X,
 * Z and dX in cache and spares stacking all the inputs into one big array first.
 *
 * <p>Per sample, forward: Z = X·Xᵀ, into the output (skip_gather, then masked) or into a small
 * buffer whose kept runs are copied out. Backward: S = G + Gᵀ built in a small buffer from the
 * upstream gradient, then dX = S·X.
 */
final class BlasInteractionKernel implements InteractionKernel {

    /** Multiply-adds below which another thread costs more than it saves (a thread hand-off is microseconds). */
    static final long MIN_WORK_PER_THREAD = 1L << 20;
    /** OpenBLAS runs a GEMM of more multiply-adds than this on its own threads (interface/gemm.c). */
    private static final long OPENBLAS_SINGLE_THREADED_GEMM = 65536L * OPENBLAS_GEMM_MULTITHREAD_THRESHOLD;

    private final InteractionLayout layout;
    private final HostBlas blas;
    private final ScratchArrays scratch;
    private final int threads;
    private final long minWorkPerThread;

    /** Whether this kernel runs here: ND4J on the CPU, and a data type BLAS has. */
    static boolean supports(DataType dataType) {
        return (dataType == DataType.FLOAT || dataType == DataType.DOUBLE) && Nd4j.getEnvironment().isCPU();
    }

    /**
     * @param threads          how many threads may share a call's samples
     * @param minWorkPerThread multiply-adds a thread must get for a call to be split
     */
    BlasInteractionKernel(InteractionLayout layout, DataType dataType, int threads, long minWorkPerThread) {
        this.layout = layout;
        this.blas = HostBlas.of(dataType);
        this.scratch = new ScratchArrays(dataType);
        this.threads = threads;
        this.minWorkPerThread = minWorkPerThread;
    }

    @Override
    public void forward(InteractionInputs inputs, INDArray output) {
        int f = layout.numFeatures();
        int d = Math.toIntExact(inputs.dim);
        long k = layout.outputSize();
        boolean skipGather = layout.skipGather();
        inParts(inputs, (part, from, to) -> {
            SampleMatrices samples = new SampleMatrices(inputs, null, part);
            HostArray out = new HostArray(output, part);
            HostArray pairwise = skipGather ? out : new HostArray(part.buffer("pairwise", (long) f * f), part);
            double[] z = part.doubles("pairwiseValues", f * f);
            inBlocks(samples, from, to, b -> {
                long first = skipGather ? b * f * f : 0;
                blas.gram(f, d, samples.x(b), samples.leadingDimension(), samples.transposed(), pairwise.at(first));
                if (skipGather) {
                    out.get(first, z);
                    maskOutsideTriangle(z);
                    out.set(first, z);
                    return;
                }
                for (int row = 0; row < f; row++) {
                    pairwise.copyTo((long) row * f, out, b * k + layout.rowStart(row), layout.rowLength(row));
                }
            });
        });
    }

    /**
     * Multiplies the entries of one sample's Z [F*F] that lie outside the kept triangle by 0, rather
     * than zeroing them, as Keras does, so that NaN and -0.0 come out as Keras's (docs/non-finite.md).
     */
    private void maskOutsideTriangle(double[] z) {
        int f = layout.numFeatures();
        for (int row = 0; row < f; row++) {
            for (int col = layout.rowLength(row); col < f; col++) {
                z[row * f + col] *= 0.0;
            }
        }
    }

    @Override
    public void backward(InteractionInputs inputs, INDArray upstreamGradient, INDArray[] gradients) {
        int f = layout.numFeatures();
        int d = Math.toIntExact(inputs.dim);
        INDArray upstream = RunCopy.contiguous(upstreamGradient);
        inParts(inputs, (part, from, to) -> {
            SampleMatrices samples = new SampleMatrices(inputs, gradients, part);
            HostArray up = new HostArray(upstream, part);
            HostArray symmetric = new HostArray(part.buffer("symmetric", (long) f * f), part);
            double[] gradient = part.doubles("upstream", layout.outputSize());
            double[] sum = part.doubles("symmetricValues", f * f);
            inBlocks(samples, from, to, b -> {
                up.get(b * gradient.length, gradient);
                symmetricGradient(gradient, sum);
                symmetric.set(0, sum);
                blas.symmetricTimes(f, d, symmetric.at(0), samples.x(b), samples.leadingDimension(),
                        samples.transposed(), samples.gradient(b));
            });
        });
    }

    /**
     * S = G + Gᵀ [F*F] for one sample's upstream gradient [k], where G is that gradient put back in
     * Z's place, zero elsewhere; in skip_gather mode, the gradient times the mask, as Keras's autodiff
     * has it. Written out per case, with the same sums as G + Gᵀ (a kept entry plus a masked one,
     * u + 0 or u + v·0, or an entry plus itself), so working in double gives the float result exactly.
     */
    private void symmetricGradient(double[] gradient, double[] sum) {
        int f = layout.numFeatures();
        boolean self = layout.selfInteraction();
        for (int row = 0; row < f; row++) {
            int rowStart = layout.outputRowStart(row);
            for (int col = 0; col < row; col++) {
                double entry = layout.skipGather() ? gradient[rowStart + col] + gradient[col * f + row] * 0.0
                        : gradient[rowStart + col] + 0.0;
                sum[row * f + col] = entry;
                sum[col * f + row] = entry;
            }
            double diagonal = layout.skipGather() || self ? gradient[rowStart + row] : 0.0;
            sum[row * f + row] = self ? diagonal + diagonal : diagonal * 0.0 + diagonal * 0.0;
        }
    }

    /** Runs {@code perSample} on samples [from, to), loading each block into {@code samples} and storing its gradients. */
    private static void inBlocks(SampleMatrices samples, long from, long to, LongConsumer perSample) {
        for (long start = from; start < to; start += samples.blockSize()) {
            int count = (int) Math.min(samples.blockSize(), to - start);
            samples.load(start, count);
            for (long b = start; b < start + count; b++) {
                perSample.accept(b);
            }
            samples.store(start, count);
        }
    }

    /** Splits the samples between threads; one part only where OpenBLAS would thread each GEMM itself. */
    private void inParts(InteractionInputs inputs, SampleParts.Work work) {
        long perSample = (long) inputs.numFeatures * inputs.numFeatures * inputs.dim;
        int maxParts = perSample > OPENBLAS_SINGLE_THREADED_GEMM ? 1 : threads;
        SampleParts.run(inputs.batch, maxParts, perSample, minWorkPerThread, scratch, work);
    }
}
