package io.github.kerasrs4j.bench;

import io.github.kerasrs4j.layers.PreOutputKeepingDenseLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One ReLU dense layer's training forward and backward pass, as {@code fit} runs them (in a workspace that learns
 * its size, then is reused), at the samples' shapes: the DLRM sample's first top-MLP layer (batch 512, 367 -> 128)
 * and a MovieLens Dense 192 (batch 8192, 192 -> 192). DL4J's {@code DenseLayer} against
 * {@link PreOutputKeepingDenseLayer}; one native thread, as the samples run:
 * {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="DenseLayerBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DenseLayerBenchmark {

    @Param({"dl4j", "keeping"})
    public String layer;
    /** batch x nIn x nOut */
    @Param({"512x367x128", "8192x192x192"})
    public String shape;

    private Layer runtime;
    private INDArray input;
    private INDArray epsilon;
    private final BenchWorkspace workspace = new BenchWorkspace("DENSE_BENCH");
    private LayerWorkspaceMgr manager;

    @Setup
    public void setUp() {
        io.github.kerasrs4j.samples.dlrm.DlrmMain.useThreads(1);
        String[] sizes = shape.split("x");
        int batch = Integer.parseInt(sizes[0]);
        int in = Integer.parseInt(sizes[1]);
        int out = Integer.parseInt(sizes[2]);
        DenseLayer.Builder builder = layer.equals("dl4j") ? new DenseLayer.Builder()
                : new PreOutputKeepingDenseLayer.Builder();
        NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .layer(builder.nIn(in).nOut(out).activation(Activation.RELU).build()).build();
        long params = conf.getLayer().initializer().numParams(conf);
        runtime = conf.getLayer().instantiate(conf, List.of(), 0, Nd4j.create(DataType.FLOAT, 1, params), true,
                DataType.FLOAT);
        runtime.setBackpropGradientsViewArray(Nd4j.create(DataType.FLOAT, 1, params));
        input = Nd4j.rand(DataType.FLOAT, batch, in).subi(0.5);
        epsilon = Nd4j.rand(DataType.FLOAT, batch, out).subi(0.5);
        manager = workspace.manager();
    }

    @Benchmark
    public INDArray forwardBackward() {
        try (MemoryWorkspace ignored = workspace.open()) {
            runtime.setInput(input, manager);
            runtime.activate(true, manager);
            Pair<Gradient, INDArray> gradients = runtime.backpropGradient(epsilon, manager);
            return gradients.getFirst().getGradientFor("W");
        }
    }
}
