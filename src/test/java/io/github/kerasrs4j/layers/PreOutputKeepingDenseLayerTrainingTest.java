package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Training with PreOutputKeepingDenseLayer gives DL4J's DenseLayer's parameters and Adam state, bit for bit. */
class PreOutputKeepingDenseLayerTrainingTest {

    private static final int IN = 6;
    private static final int BATCH = 32;
    private static final int STEPS = 4;

    static Stream<Arguments> settings() {
        List<Arguments> all = new ArrayList<>();
        for (boolean graph : new boolean[]{true, false}) {
            for (boolean bias : new boolean[]{true, false}) {
                for (Activation activation : new Activation[]{Activation.RELU, Activation.IDENTITY, Activation.TANH}) {
                    for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
                        all.add(Arguments.of(graph, bias, activation, type));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "graph {0}, bias {1}, {2}, {3}")
    @MethodSource("settings")
    void trainsToDl4jsDenseLayersNumbersExactly(boolean graph, boolean bias, Activation activation, DataType type) {
        Supplier<DenseLayer.Builder> settings = () -> {
            DenseLayer.Builder dense = new DenseLayer.Builder().hasBias(bias).activation(activation);
            return dense;
        };
        assertTrainsAlike(graph, type, settings, false);
    }

    /** Dropout and DropConnect draw the same random numbers; a per-example mask and weight decay apply alike. */
    @Test
    void dropoutWeightNoiseMaskAndRegularizationAsDl4j() {
        Supplier<DenseLayer.Builder> settings = () -> {
            DenseLayer.Builder dense = new DenseLayer.Builder().activation(Activation.RELU).dropOut(0.8);
            dense.weightNoise(new DropConnect(0.9)).l2(1e-3);
            return dense;
        };
        assertTrainsAlike(false, DataType.FLOAT, settings, true);
        assertTrainsAlike(true, DataType.FLOAT, settings, false);
    }

    /** With layer normalization DL4J's own forward and backward passes run. */
    @Test
    void layerNormalizationAsDl4j() {
        Supplier<DenseLayer.Builder> settings = () -> {
            DenseLayer.Builder dense = new DenseLayer.Builder().activation(Activation.TANH).hasLayerNorm(true);
            return dense;
        };
        assertTrainsAlike(false, DataType.FLOAT, settings, false);
        assertTrainsAlike(true, DataType.DOUBLE, settings, false);
    }

    @Test
    void docsExampleTrains() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .updater(new Adam(1e-3))
                .list()
                .layer(new PreOutputKeepingDenseLayer.Builder().nOut(192).activation(Activation.RELU).build())
                .layer(new PreOutputKeepingDenseLayer.Builder().nOut(192).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(16))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertInstanceOf(PreOutputKeepingDenseRuntime.class, net.getLayer(1));
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 8, 16), Nd4j.rand(DataType.FLOAT, 8, 1));
        double before = net.score(batch);
        for (int i = 0; i < 5; i++) {
            net.fit(batch);
        }
        org.junit.jupiter.api.Assertions.assertTrue(net.score(batch) < before, "training lowers the loss");
    }

    private static void assertTrainsAlike(boolean graph, DataType type, Supplier<DenseLayer.Builder> settings,
                                          boolean masked) {
        Model plain = model(graph, type, settings.get());
        DenseLayer.Builder keepingSettings = settings.get();
        Model keeping = model(graph, type, Dl4jConfigFields.copy(keepingSettings,
                new PreOutputKeepingDenseLayer.Builder(), DenseLayer.Builder.class));
        assertInstanceOf(PreOutputKeepingDenseRuntime.class, graph
                ? ((ComputationGraph) keeping).getLayer("dense_0") : ((MultiLayerNetwork) keeping).getLayer(0));
        keeping.setParams(plain.params());
        Nd4j.getRandom().setSeed(11);
        for (int step = 0; step < STEPS; step++) {
            INDArray features = Nd4j.rand(type, BATCH, IN).subi(0.5);
            INDArray labels = Nd4j.rand(type, BATCH, 3);
            INDArray mask = masked ? Nd4j.rand(type, BATCH, 1).gt(0.3).castTo(type) : null;
            DataSet data = new DataSet(features, labels, mask, mask);
            long seed = 100 + step;
            Nd4j.getRandom().setSeed(seed);
            fit(plain, data);
            Nd4j.getRandom().setSeed(seed);
            fit(keeping, data);
            assertArrayEquals(plain.params().toDoubleVector(), keeping.params().toDoubleVector(), "step " + step);
            assertArrayEquals(updaterState(plain), updaterState(keeping), "Adam's state, step " + step);
        }
    }

    private static void fit(Model model, DataSet data) {
        if (model instanceof ComputationGraph) {
            ((ComputationGraph) model).fit(data);
        } else {
            ((MultiLayerNetwork) model).fit(data);
        }
    }

    private static double[] updaterState(Model model) {
        return (model instanceof ComputationGraph ? ((ComputationGraph) model).getUpdater().getStateViewArray()
                : ((MultiLayerNetwork) model).getUpdater().getStateViewArray()).toDoubleVector();
    }

    private static Model model(boolean graph, DataType type, DenseLayer.Builder dense) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(new Adam(0.01));
        dense.nIn(IN).nOut(10);
        DenseLayer first = (DenseLayer) dense.build();
        DenseLayer second = (DenseLayer) first.clone();
        second.setNIn(10);
        second.setNOut(8);
        OutputLayer out = new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(3)
                .activation(Activation.IDENTITY).build();
        if (graph) {
            ComputationGraph net = new ComputationGraph(base.graphBuilder().addInputs("in")
                    .addLayer("dense_0", first, "in").addLayer("dense_1", second, "dense_0")
                    .addLayer("out", out, "dense_1").setOutputs("out").build());
            net.init();
            return net;
        }
        MultiLayerNetwork net = new MultiLayerNetwork(base.list().layer(first).layer(second).layer(out).build());
        net.init();
        return net;
    }
}
