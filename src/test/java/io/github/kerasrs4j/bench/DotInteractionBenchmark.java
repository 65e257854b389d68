package io.github.kerasrs4j.bench;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.layers.InteractionLayout;
import io.github.kerasrs4j.testing.VertexRunner;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
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

/**
 * DotInteraction's runtime as a ComputationGraph calls it (F inputs in, output out; epsilon in,
 * input gradients out; arrays in a DL4J workspace that is reused between calls, as in training),
 * against the floor: the batched matmuls alone.
 *
 * <p>Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="..."} (docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DotInteractionBenchmark {

    private static final String WORKSPACE = "DOT_INTERACTION_BENCH";
    /** The activations workspace configuration a ComputationGraph uses: learns its size, then reuses it. */
    private static final WorkspaceConfiguration WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.05).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT).policySpill(SpillPolicy.REALLOCATE)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).build();

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

    private VertexRunner runner;
    private INDArray[] inputs;
    private INDArray upstreamGradient;
    // For the floor: X, Z = X·Xᵀ, a gradient G on Z and dX = G·X, all preallocated.
    private INDArray stacked;
    private INDArray pairwise;
    private INDArray pairwiseGradient;
    private INDArray stackedGradient;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getRandom().setSeed(42);
        LayerWorkspaceMgr.Builder mgr = LayerWorkspaceMgr.builder();
        for (ArrayType type : ArrayType.values()) {
            mgr.with(type, WORKSPACE, WORKSPACE_CONFIG);
        }
        runner = new VertexRunner(new DotInteraction(selfInteraction, skipGather), DataType.FLOAT, features, mgr.build());
        inputs = new INDArray[features];
        for (int i = 0; i < features; i++) {
            inputs[i] = Nd4j.randn(DataType.FLOAT, batch, dim);
        }
        upstreamGradient = Nd4j.randn(DataType.FLOAT, batch,
                InteractionLayout.outputSize(features, selfInteraction, skipGather));
        stacked = Nd4j.randn(DataType.FLOAT, batch, features, dim);
        pairwise = Nd4j.create(DataType.FLOAT, batch, features, features);
        pairwiseGradient = Nd4j.randn(DataType.FLOAT, batch, features, features);
        stackedGradient = Nd4j.create(DataType.FLOAT, batch, features, dim);
    }

    @Benchmark
    public double forward() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG, WORKSPACE)) {
            return runner.forward(inputs).getDouble(0);
        }
    }

    @Benchmark
    public double forwardBackward() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG, WORKSPACE)) {
            runner.forward(inputs);
            return runner.backward(upstreamGradient)[0].getDouble(0);
        }
    }

    /** The forward floor: X·Xᵀ alone, into a preallocated array. */
    @Benchmark
    public double bareMatmul() {
        Nd4j.matmul(stacked, stacked, pairwise, false, true, false);
        return pairwise.getDouble(0);
    }

    /** The forward+backward floor: X·Xᵀ and the one matmul a backward needs, (G + Gᵀ)·X. */
    @Benchmark
    public double bareMatmulBackward() {
        Nd4j.matmul(stacked, stacked, pairwise, false, true, false);
        Nd4j.matmul(pairwiseGradient, stacked, stackedGradient, false, false, false);
        return stackedGradient.getDouble(0);
    }
}
