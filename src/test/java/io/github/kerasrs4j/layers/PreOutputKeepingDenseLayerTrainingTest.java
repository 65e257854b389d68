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
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Training with PreOutputKeepingDenseLayer gives DL4J's DenseLayer's parameters and Adam state: bit for bit where
 * DL4J's code runs (other activations, layer normalization, masks), and on the kernel path (ReLU and the
 * identity) bit for bit in DOUBLE and to float rounding in FLOAT, whose products BLAS computes with the operands
 * swapped.
 */
class PreOutputKeepingDenseLayerTrainingTest {

    private static final int IN = 6;
    private static final int BATCH = 32;
    private static final int STEPS = 4;
    /**
     * How far the kernel path's parameters and Adam state may be from DL4J's after {@link #STEPS} steps, relative
     * to the value: products that differ by an ulp or so (about 6e-8 in FLOAT) grow to relative differences of
     * up to 8e-5 in the entries that sum many terms to nearly zero (measured here), through four Adam steps.
     */
    private static final double KERNEL_TOLERANCE = 1e-3;
    /** Added to the tolerance: entries of about zero compare absolutely. */
    private static final double ABSOLUTE_FLOOR = 1e-9;

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
    void trainsToDl4jsDenseLayersNumbers(boolean graph, boolean bias, Activation activation, DataType type) {
        Supplier<DenseLayer.Builder> settings = () -> {
            DenseLayer.Builder dense = new DenseLayer.Builder().hasBias(bias).activation(activation);
            return dense;
        };
        // DOUBLE's products come out the same with the operands swapped (checked exactly); FLOAT's by rounding.
        boolean exact = activation == Activation.TANH || type == DataType.DOUBLE;
        assertTrainsAlike(graph, type, settings, false, exact ? 0 : KERNEL_TOLERANCE);
    }

    /** Dropout, DropConnect and L1/L2 on the kernel path: the same random numbers drawn, the same updates. */
    @Test
    void dropoutWeightNoiseAndRegularizationAsDl4j() {
        Supplier<DenseLayer.Builder> settings = () -> {
            DenseLayer.Builder dense = new DenseLayer.Builder().activation(Activation.RELU).dropOut(0.8);
            dense.weightNoise(new DropConnect(0.9)).l2(1e-3).l1(1e-4).weightDecay(1e-3);
            return dense;
        };
        assertTrainsAlike(false, DataType.FLOAT, settings, false, KERNEL_TOLERANCE);
        assertTrainsAlike(true, DataType.FLOAT, settings, false, KERNEL_TOLERANCE);
    }

    /** With a per-example mask DL4J's passes run: its numbers bit for bit, where the kernel's differ by rounding. */
    @Test
    void maskRunsDl4jsPassesExactly() {
        Supplier<DenseLayer.Builder> settings = () -> {
            DenseLayer.Builder dense = new DenseLayer.Builder().activation(Activation.RELU).dropOut(0.8);
            dense.weightNoise(new DropConnect(0.9)).l2(1e-3);
            return dense;
        };
        assertTrainsAlike(false, DataType.FLOAT, settings, true, 0);
    }

    /** With layer normalization DL4J's own forward and backward passes run. */
    @Test
    void layerNormalizationAsDl4j() {
        Supplier<DenseLayer.Builder> settings = () -> {
            DenseLayer.Builder dense = new DenseLayer.Builder().activation(Activation.TANH).hasLayerNorm(true);
            return dense;
        };
        assertTrainsAlike(false, DataType.FLOAT, settings, false, 0);
        assertTrainsAlike(true, DataType.DOUBLE, settings, false, 0);
    }

    /** The kernel runs ReLU and the identity in FLOAT and DOUBLE without mask or layer norm; DL4J's code the rest. */
    @Test
    void runsOnTheKernelOnlyWhereItApplies() {
        INDArray mask = Nd4j.ones(DataType.FLOAT, BATCH, 1);
        assertTrue(onKernel(new DenseLayer.Builder().activation(Activation.RELU), DataType.FLOAT, DataType.FLOAT, null));
        assertTrue(onKernel(new DenseLayer.Builder().activation(Activation.IDENTITY).hasBias(false), DataType.DOUBLE,
                DataType.DOUBLE, null));
        assertTrue(onKernel(new DenseLayer.Builder().activation(Activation.RELU).dropOut(0.5), DataType.FLOAT,
                DataType.FLOAT, null));
        assertFalse(onKernel(new DenseLayer.Builder().activation(Activation.TANH), DataType.FLOAT, DataType.FLOAT, null));
        assertFalse(onKernel(new DenseLayer.Builder().activation(new ActivationReLU(6.0, null, null)), DataType.FLOAT,
                DataType.FLOAT, null));
        assertFalse(onKernel(new DenseLayer.Builder().activation(Activation.LEAKYRELU), DataType.FLOAT,
                DataType.FLOAT, null));
        assertFalse(onKernel(new DenseLayer.Builder().activation(Activation.RELU).hasLayerNorm(true), DataType.FLOAT,
                DataType.FLOAT, null));
        assertFalse(onKernel(new DenseLayer.Builder().activation(Activation.RELU), DataType.FLOAT, DataType.FLOAT, mask));
        assertFalse(onKernel(new DenseLayer.Builder().activation(Activation.RELU), DataType.HALF, DataType.HALF, null));
        assertFalse(onKernel(new DenseLayer.Builder().activation(Activation.RELU), DataType.FLOAT, DataType.DOUBLE,
                null));
    }

    private static boolean onKernel(DenseLayer.Builder settings, DataType type, DataType inputType, INDArray mask) {
        DenseLayer.Builder dense = Dl4jConfigFields.copy(settings, new PreOutputKeepingDenseLayer.Builder(),
                DenseLayer.Builder.class);
        NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type)
                .layer(dense.nIn(IN).nOut(4).build()).build();
        long params = conf.getLayer().initializer().numParams(conf);
        PreOutputKeepingDenseRuntime layer = (PreOutputKeepingDenseRuntime) conf.getLayer().instantiate(conf,
                List.of(), 0, Nd4j.create(type, 1, params), true, type);
        layer.setInput(Nd4j.rand(inputType, BATCH, IN), LayerWorkspaceMgr.noWorkspaces());
        layer.setMaskArray(mask);
        return layer.onKernel();
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
        assertTrue(net.score(batch) < before, "training lowers the loss");
    }

    /** @param tolerance 0 for bit for bit, else as {@link #KERNEL_TOLERANCE} */
    private static void assertTrainsAlike(boolean graph, DataType type, Supplier<DenseLayer.Builder> settings,
                                          boolean masked, double tolerance) {
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
            assertClose(plain.params().toDoubleVector(), keeping.params().toDoubleVector(), tolerance, "step " + step);
            assertClose(updaterState(plain), updaterState(keeping), tolerance, "Adam's state, step " + step);
        }
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        if (tolerance == 0) {
            assertArrayEquals(expected, actual, what);
            return;
        }
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * Math.abs(expected[i]) + ABSOLUTE_FLOOR, what + ", " + i);
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
