package io.github.kerasrs4j.bench;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.runtime.InteractionLayout;
import io.github.kerasrs4j.runtime.VectorKernelFloor;
import io.github.kerasrs4j.testing.VertexRunner;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * DotInteraction's runtime as a ComputationGraph calls it (F inputs in, output out; epsilon in,
 * input gradients out; arrays in a DL4J workspace that is reused between calls, as in training),
 * against two floors: the vector kernel's arithmetic alone (what the runtime runs on the CPU with
 * the Vector API), and the old one, a GEMM per sample, made the way the BLAS kernel makes them; and, for reference,
 * the same products by ND4J's and by oneDNN's batched matmul over the whole batch.
 *
 * <p>Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="..."} (docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=8g", "--add-modules",
        "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DotInteractionBenchmark {

    private final BenchWorkspace workspace = new BenchWorkspace("DOT_INTERACTION_BENCH");

    @Param({"2048", "1024", "256", "4096"})
    public int batch;
    @Param({"27"})
    public int features;
    @Param({"128"})
    public int dim;
    @Param({"false", "true"})
    public boolean selfInteraction;
    @Param({"false", "true"})
    public boolean skipGather;
    /**
     * The runtime's choice of CPU kernel by shape, or "vector", "blas" or "nd4j" for every shape (BLAS: the kernel
     * before the vector one; ND4J: whole-batch ND4J ops, the kernel of other backends).
     */
    @Param({"byShape"})
    public String kernel;

    private VertexRunner runner;
    private INDArray[] inputs;
    private INDArray upstreamGradient;
    // For the floor: X, Z = X·Xᵀ, a symmetric gradient S on Z and dX = S·X, all preallocated.
    private INDArray stacked;
    private INDArray pairwise;
    private INDArray symmetricGradient;
    private INDArray stackedGradient;
    private int threads;
    private VectorKernelFloor vectorFloor;
    private OneDnnBatchedMatmul oneDnnGram;
    private OneDnnBatchedMatmul oneDnnTimes;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getRandom().setSeed(42);
        if (!kernel.equals("byShape")) {
            System.setProperty("kerasrs4j.cpuKernel", kernel);   // read when the vertex makes its kernel, below
        }
        runner = new VertexRunner(new DotInteraction(selfInteraction, skipGather), DataType.FLOAT, features,
                workspace.manager());
        inputs = new INDArray[features];
        for (int i = 0; i < features; i++) {
            inputs[i] = Nd4j.randn(DataType.FLOAT, batch, dim);
        }
        upstreamGradient = Nd4j.randn(DataType.FLOAT, batch,
                InteractionLayout.outputSize(features, selfInteraction, skipGather));
        stacked = Nd4j.randn(DataType.FLOAT, batch, features, dim);
        pairwise = Nd4j.create(DataType.FLOAT, batch, features, features);
        INDArray gradient = Nd4j.randn(DataType.FLOAT, batch, features, features);
        symmetricGradient = gradient.add(gradient.permute(0, 2, 1));
        stackedGradient = Nd4j.create(DataType.FLOAT, batch, features, dim);
        threads = Nd4j.getEnvironment().maxThreads();
        vectorFloor = new VectorKernelFloor(DataType.FLOAT, batch, features, dim, threads);
        oneDnnGram = new OneDnnBatchedMatmul(stacked, stacked, true, pairwise);
        oneDnnTimes = new OneDnnBatchedMatmul(symmetricGradient, stacked, false, stackedGradient);
    }

    @Benchmark
    public double forward() {
        try (MemoryWorkspace ignored = workspace.open()) {
            return runner.forward(inputs).getDouble(0);
        }
    }

    @Benchmark
    public double forwardBackward() {
        try (MemoryWorkspace ignored = workspace.open()) {
            runner.forward(inputs);
            return runner.backward(upstreamGradient)[0].getDouble(0);
        }
    }

    /**
     * The vector kernel's forward floor: the lower triangle and diagonal of X·Xᵀ alone, by its SIMD
     * loops, from X already stacked in a Java array, the samples split between as many threads.
     */
    @Benchmark
    public double bareVectorGram() {
        vectorFloor.gram();
        return vectorFloor.result();
    }

    /** The vector kernel's forward+backward floor: that, and dX = S·X by its SIMD loops. */
    @Benchmark
    public double bareVectorGramBackward() {
        vectorFloor.gramAndTimes();
        return vectorFloor.result();
    }

    /**
     * The old forward floor, the BLAS kernel's: X·Xᵀ alone, into a preallocated array, done as that
     * kernel does it: one OpenBLAS GEMM per sample, the samples split between as many threads.
     */
    @Benchmark
    public double bareMatmul() {
        perSample((x, z, dx, s) -> gemm(CblasNoTrans, CblasTrans, features, features, dim, x, dim, x, dim, z, features));
        return pairwise.getDouble(0);
    }

    /** The forward+backward floor: X·Xᵀ and the one matmul a backward needs, dX = S·X for S = G + Gᵀ. */
    @Benchmark
    public double bareMatmulBackward() {
        perSample((x, z, dx, s) -> {
            gemm(CblasNoTrans, CblasTrans, features, features, dim, x, dim, x, dim, z, features);
            gemm(CblasNoTrans, CblasNoTrans, features, dim, features, s, features, x, dim, dx, dim);
        });
        return stackedGradient.getDouble(0);
    }

    /** For reference: X·Xᵀ by ND4J's own batched matmul, which the runtime does not use on the CPU. */
    @Benchmark
    public double nd4jBatchedMatmul() {
        Nd4j.matmul(stacked, stacked, pairwise, false, true, false);
        return pairwise.getDouble(0);
    }

    /**
     * For reference: X·Xᵀ whole (both triangles) for every sample in one call of oneDNN's batched matmul, on its
     * OpenMP threads: what the best library here makes of these small products.
     */
    @Benchmark
    public double oneDnnBatchedMatmul() {
        oneDnnGram.run();
        return pairwise.getDouble(0);
    }

    /** For reference: that, and dX = S·X for every sample by a second oneDNN batched matmul. */
    @Benchmark
    public double oneDnnBatchedMatmulBackward() {
        oneDnnGram.run();
        oneDnnTimes.run();
        return stackedGradient.getDouble(0);
    }

    /** A sample's X, Z, dX and S. */
    private interface SampleWork {
        void run(FloatPointer x, FloatPointer z, FloatPointer dx, FloatPointer s);
    }

    private void perSample(SampleWork work) {
        IntStream.range(0, threads).parallel().forEach(part -> {
            FloatPointer x = new FloatPointer(stacked.data().pointer());
            FloatPointer z = new FloatPointer(pairwise.data().pointer());
            FloatPointer dx = new FloatPointer(stackedGradient.data().pointer());
            FloatPointer s = new FloatPointer(symmetricGradient.data().pointer());
            for (long b = (long) batch * part / threads; b < (long) batch * (part + 1) / threads; b++) {
                work.run(x.position(b * features * dim), z.position(b * features * features),
                        dx.position(b * features * dim), s.position(b * features * features));
            }
        });
    }

    private static void gemm(int transA, int transB, int m, int n, int k, FloatPointer a, int lda, FloatPointer b,
                             int ldb, FloatPointer c, int ldc) {
        cblas_sgemm(CblasRowMajor, transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
    }
}
