package io.github.kerasrs4j.bench;

import io.github.kerasrs4j.layers.Concatenate;
import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.layers.StackFeatures;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Training steps of the part of the DLRM sample's graph around its interaction, in the thread's CPU
 * time (on a loaded machine wall times measure the other processes): a dense bottom output [512, 16] and
 * 26 embeddings of 16 (an input here, as an {@code EmbeddingCollection}'s output would be: concatenated
 * [512, 416] or stacked [512, 26, 16]) meet in DotInteraction, whose output is concatenated with the bottom
 * output and fed to the output layer. The wirings differ only in how the features reach the
 * interaction, so the difference of their times is what a wiring costs. Rounds of {@value #STEPS} steps
 * per wiring, interleaved; the median round of each is printed, per step. Run:
 * {@code mvn -B test-compile exec:exec -Dexec.executable=java
 * -Dexec.args="--add-modules jdk.incubator.vector -classpath %classpath io.github.kerasrs4j.bench.DlrmWiringCpuTime"}
 */
public final class DlrmWiringCpuTime {

    private static final int BATCH = 512;
    private static final int DIM = 16;
    private static final int DENSE = 13;
    private static final int TABLES = 26;
    private static final int STEPS = 100;
    private static final int ROUNDS = 15;

    /** How the bottom output and the embeddings reach DotInteraction. */
    enum Wiring {
        /** A MergeVertex of the bottom output and the concatenated embeddings, then StackFeatures. */
        MERGED,
        /** The bottom output and the stacked embeddings as two inputs of the vertex. */
        MIXED,
        /** That, and the top input made by {@link Concatenate} instead of a MergeVertex. */
        MIXED_CONCATENATE
    }

    private DlrmWiringCpuTime() {
    }

    public static void main(String[] args) {
        System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        Nd4j.getEnvironment().setMaxMasterThreads(1);   // one thread per op, as the DLRM sample runs by default
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Wiring[] wirings = Wiring.values();
        ComputationGraph[] graphs = new ComputationGraph[wirings.length];
        MultiDataSet[] batches = batches();
        MultiDataSet[] data = new MultiDataSet[wirings.length];
        for (int w = 0; w < wirings.length; w++) {
            graphs[w] = graph(wirings[w]);
            data[w] = batches[wirings[w] == Wiring.MERGED ? 0 : 1];
            for (int i = 0; i < 4 * STEPS; i++) {
                graphs[w].fit(data[w]);
            }
        }
        double[][] microsPerStep = new double[wirings.length][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int w = 0; w < wirings.length; w++) {
                long start = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < STEPS; i++) {
                    graphs[w].fit(data[w]);
                }
                microsPerStep[w][round] = (bean.getCurrentThreadCpuTime() - start) / 1e3 / STEPS;
            }
        }
        System.out.println("| wiring | CPU time per step, median of " + ROUNDS + " rounds (min-max) |\n| --- | --- |");
        for (int w = 0; w < wirings.length; w++) {
            double[] times = microsPerStep[w];
            Arrays.sort(times);
            System.out.printf(Locale.ROOT, "| %s | %.0f µs (%.0f-%.0f) |%n", wirings[w], times[ROUNDS / 2], times[0],
                    times[ROUNDS - 1]);
        }
    }

    private static ComputationGraph graph(Wiring wiring) {
        boolean mixed = wiring != Wiring.MERGED;
        DotInteraction interaction = DotInteraction.builder().stackedInputFormat(RNNFormat.NWC).build();
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(0.01)).graphBuilder()
                .addInputs("dense", "embeddings")
                .addLayer("bottom_out", new DenseLayer.Builder().nOut(DIM).activation(Activation.RELU).build(), "dense");
        if (mixed) {
            builder.addVertex("interaction", interaction, "bottom_out", "embeddings");
        } else {
            builder.addVertex("features", new MergeVertex(), "bottom_out", "embeddings")
                    .addVertex("stacked", new PreprocessorVertex(new StackFeatures(TABLES + 1)), "features")
                    .addVertex("interaction", interaction, "stacked");
        }
        builder.addVertex("top_in", wiring == Wiring.MIXED_CONCATENATE ? new Concatenate() : new MergeVertex(),
                        "bottom_out", "interaction")
                .addLayer("click", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1)
                        .activation(Activation.SIGMOID).build(), "top_in")
                .setOutputs("click");
        ComputationGraphConfiguration configuration = builder.build();
        configuration.addPreProcessors(false, InputType.feedForward(DENSE),
                mixed ? InputType.recurrent(DIM, TABLES, RNNFormat.NWC) : InputType.feedForward(TABLES * DIM));
        ComputationGraph graph = new ComputationGraph(configuration);
        graph.init();
        return graph;
    }

    private static MultiDataSet[] batches() {
        Nd4j.getRandom().setSeed(7);
        INDArray dense = Nd4j.rand(DataType.FLOAT, BATCH, DENSE);
        INDArray embeddings = Nd4j.randn(DataType.FLOAT, BATCH, TABLES, DIM).muli(0.1);
        INDArray[] labels = {Nd4j.rand(DataType.FLOAT, BATCH, 1).gt(0.5).castTo(DataType.FLOAT)};
        return new MultiDataSet[]{new MultiDataSet(new INDArray[]{dense, embeddings.reshape(BATCH, TABLES * DIM)}, labels),
                new MultiDataSet(new INDArray[]{dense, embeddings}, labels)};
    }
}
