package io.github.kerasrs4j.bench;

import io.github.kerasrs4j.layers.FeatureCross;
import io.github.kerasrs4j.testing.VertexRunner;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * FeatureCross's runtime as a ComputationGraph calls it (x0 and x in, output out; epsilon in, input
 * and parameter gradients out; arrays in a reused DL4J workspace), against its floor: the matrix
 * products alone, into preallocated arrays. Shapes: the DLRM sample's DCN (batch 512, d = 27 x 16 = 432,
 * rank 108) and batch 2048; projectionDim 0 is a full-rank kernel.
 *
 * <p>Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="FeatureCrossBenchmark -f 1 -wi 3 -i 5"}
 * (docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FeatureCrossBenchmark {

    private final BenchWorkspace workspace = new BenchWorkspace("FEATURE_CROSS_BENCH");

    @Param({"512", "2048"})
    public int batch;
    @Param({"432"})
    public int dim;
    /** The rank of U V; 0 for a full-rank W. */
    @Param({"108", "0"})
    public int projectionDim;

    private VertexRunner runner;
    private INDArray x0;
    private INDArray x;
    private INDArray upstreamGradient;
    // For the floor: the parameters and every product's output, preallocated.
    private INDArray kernel;
    private INDArray down;
    private INDArray up;
    private INDArray projected;
    private INDArray dense;
    private INDArray gradKernel;
    private INDArray gradDown;
    private INDArray gradUp;
    private INDArray gradProjected;
    private INDArray gradX;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getRandom().setSeed(42);
        FeatureCross config = FeatureCross.builder().projectionDim(projectionDim == 0 ? null : projectionDim)
                .inputSize(dim).build();
        runner = new VertexRunner(config, DataType.FLOAT, 2, workspace.manager());
        x0 = Nd4j.randn(DataType.FLOAT, batch, dim);
        x = Nd4j.randn(DataType.FLOAT, batch, dim);
        upstreamGradient = Nd4j.randn(DataType.FLOAT, batch, dim);

        Map<String, INDArray> params = config.newParams(DataType.FLOAT);
        kernel = params.get(FeatureCross.KERNEL);
        down = params.get(FeatureCross.DOWN_PROJECTION);
        up = params.get(FeatureCross.UP_PROJECTION);
        int rank = Math.max(projectionDim, 1);
        projected = Nd4j.create(DataType.FLOAT, batch, rank);
        dense = Nd4j.create(DataType.FLOAT, batch, dim);
        gradKernel = Nd4j.create(DataType.FLOAT, dim, dim);
        gradDown = Nd4j.create(DataType.FLOAT, dim, rank);
        gradUp = Nd4j.create(DataType.FLOAT, rank, dim);
        gradProjected = Nd4j.create(DataType.FLOAT, batch, rank);
        gradX = Nd4j.create(DataType.FLOAT, batch, dim);
    }

    @Benchmark
    public double forward() {
        try (MemoryWorkspace ignored = workspace.open()) {
            return runner.forward(x0, x).getDouble(0);
        }
    }

    @Benchmark
    public double forwardBackward() {
        try (MemoryWorkspace ignored = workspace.open()) {
            runner.forward(x0, x);
            return runner.backward(upstreamGradient)[1].getDouble(0);
        }
    }

    /** The forward floor: x W, or (x U) V. */
    @Benchmark
    public double bareMatmul() {
        forwardProducts();
        return dense.getDouble(0);
    }

    /** The forward+backward floor: the forward's products, then xᵀ dh and dh Wᵀ (or the four of U V). */
    @Benchmark
    public double bareMatmulBackward() {
        forwardProducts();
        INDArray gradDense = upstreamGradient;   // dh has the output's shape; its values do not change the cost
        if (projectionDim == 0) {
            Nd4j.gemm(x, gradDense, gradKernel, true, false, 1, 0);
            Nd4j.gemm(gradDense, kernel, gradX, false, true, 1, 0);
        } else {
            Nd4j.gemm(projected, gradDense, gradUp, true, false, 1, 0);
            Nd4j.gemm(gradDense, up, gradProjected, false, true, 1, 0);
            Nd4j.gemm(x, gradProjected, gradDown, true, false, 1, 0);
            Nd4j.gemm(gradProjected, down, gradX, false, true, 1, 0);
        }
        return gradX.getDouble(0);
    }

    private void forwardProducts() {
        if (projectionDim == 0) {
            Nd4j.gemm(x, kernel, dense, false, false, 1, 0);
        } else {
            Nd4j.gemm(x, down, projected, false, false, 1, 0);
            Nd4j.gemm(projected, up, dense, false, false, 1, 0);
        }
    }
}
