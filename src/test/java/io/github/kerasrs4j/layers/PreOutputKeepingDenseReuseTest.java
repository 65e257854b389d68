package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the backward pass takes the kept pre-activation and when it computes it again, on DL4J's path (tanh) and on
 * the kernel's (ReLU). The probe: the weights change in place between the two passes (DL4J's fit never does that;
 * they are multiplied by -1.5, which moves every tanh derivative and turns ReLU's on and off),
 * so a backward pass that took the kept product gives a weight gradient different from that of a forward pass with
 * the changed weights, and one that computed it again gives that gradient, bit for bit.
 */
class PreOutputKeepingDenseReuseTest {

    private static final int IN = 5;
    private static final int OUT = 4;
    private static final int BATCH = 6;
    private static final String WORKSPACE = "PRE_OUTPUT_PROBE";

    {
        Nd4j.getRandom().setSeed(21);
    }

    private final INDArray params = Nd4j.rand(DataType.FLOAT, 1, (IN + 1) * OUT).subi(0.5);
    private final INDArray input = Nd4j.rand(DataType.FLOAT, BATCH, IN).subi(0.5);
    private final INDArray epsilon = Nd4j.rand(DataType.FLOAT, BATCH, OUT).subi(0.5);
    private final LayerWorkspaceMgr activationsInWorkspace = LayerWorkspaceMgr.builder()
            .with(ArrayType.ACTIVATIONS, WORKSPACE, WorkspaceConfiguration.builder().build()).defaultNoWorkspace().build();

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
    void takesTheKeptProductWithinOneOpenWorkspace(Activation activation) {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new, activation);
        try (MemoryWorkspace ws = activationsInWorkspace.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            forward(keeping, input, activationsInWorkspace);
            assertFalse(java.util.Arrays.equals(freshWeightGradient(activation), weightGradientAfterWeightsChange(keeping,
                    activationsInWorkspace)), "the kept product was not taken");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
    void takesTheKeptProductWithoutWorkspaces(Activation activation) {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new, activation);
        forward(keeping, input, LayerWorkspaceMgr.noWorkspaces());
        assertFalse(java.util.Arrays.equals(freshWeightGradient(activation), weightGradientAfterWeightsChange(keeping,
                LayerWorkspaceMgr.noWorkspaces())), "the kept product was not taken");
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
    void computesAgainOnceItsWorkspaceIsClosed(Activation activation) {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new, activation);
        try (MemoryWorkspace ws = activationsInWorkspace.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            forward(keeping, input, activationsInWorkspace);
        }
        assertComputedAgain(keeping, activation);
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
    void computesAgainInAReopenedWorkspace(Activation activation) {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new, activation);
        try (MemoryWorkspace ws = activationsInWorkspace.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            forward(keeping, input, activationsInWorkspace);
        }
        try (MemoryWorkspace ws = activationsInWorkspace.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            assertArrayEquals(freshWeightGradient(activation), weightGradientAfterWeightsChange(keeping,
                    activationsInWorkspace));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
    void computesAgainForAnotherInputArray(Activation activation) {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new, activation);
        forward(keeping, input.dup(), LayerWorkspaceMgr.noWorkspaces());
        keeping.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        assertComputedAgain(keeping, activation);
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
    void computesAgainAfterAnInferencePass(Activation activation) {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new, activation);
        forward(keeping, input, LayerWorkspaceMgr.noWorkspaces());
        keeping.activate(false, LayerWorkspaceMgr.noWorkspaces());
        assertComputedAgain(keeping, activation);
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
    void usesTheKeptProductOnlyOnce(Activation activation) {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new, activation);
        forward(keeping, input, LayerWorkspaceMgr.noWorkspaces());
        keeping.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        assertComputedAgain(keeping, activation);
    }

    /**
     * In fit, with DL4J's default workspaces, the backward pass takes the kept product: a listener changes the
     * first dense layer's weights between the passes, and the weight gradient no longer equals DL4J's, by far more
     * than the kernel's rounding.
     */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
    void fitTakesTheKeptProductInAGraphAndInAList(Activation activation) {
        for (boolean graph : new boolean[]{true, false}) {
            float[] plain = firstWeightGradientAfterChangeBetweenPasses(graph, DenseLayer.Builder::new, activation);
            float[] keeping = firstWeightGradientAfterChangeBetweenPasses(graph,
                    PreOutputKeepingDenseLayer.Builder::new, activation);
            double largest = 0;
            for (int i = 0; i < plain.length; i++) {
                largest = Math.max(largest, Math.abs(plain[i] - keeping[i]));
            }
            assertTrue(largest > 1e-4, "graph " + graph + ": the kept product was not taken");
        }
    }

    private float[] firstWeightGradientAfterChangeBetweenPasses(boolean graph, Supplier<DenseLayer.Builder> builder,
                                                                Activation activation) {
        DenseLayer.Builder dense = builder.get();
        dense.nIn(IN).nOut(OUT).activation(activation);
        OutputLayer out = new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(OUT).nOut(2)
                .activation(Activation.IDENTITY).build();
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.FLOAT);
        INDArray labels = Nd4j.rand(DataType.FLOAT, BATCH, 2);
        TrainingListener changeWeights = new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, Map<String, INDArray> activations) {
                ((ComputationGraph) model).getLayer("dense").getParam("W").muli(-1.5);
            }

            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                ((MultiLayerNetwork) model).getLayer(0).getParam("W").muli(-1.5);
            }
        };
        if (graph) {
            ComputationGraph net = new ComputationGraph(base.graphBuilder().addInputs("in")
                    .addLayer("dense", dense.build(), "in").addLayer("out", out, "dense").setOutputs("out").build());
            net.init();
            net.setListeners(changeWeights);
            net.setInputs(input);
            net.setLabels(labels);
            net.computeGradientAndScore();
            return net.gradient().getGradientFor("dense_W").dup().data().asFloat();
        }
        MultiLayerNetwork net = new MultiLayerNetwork(base.list().layer(dense.build()).layer(out).build());
        net.init();
        net.setListeners(changeWeights);
        net.setInput(input);
        net.setLabels(labels);
        net.computeGradientAndScore();
        return net.gradient().getGradientFor("0_W").dup().data().asFloat();
    }

    private void assertComputedAgain(Layer keeping, Activation activation) {
        assertArrayEquals(freshWeightGradient(activation), weightGradientAfterWeightsChange(keeping,
                LayerWorkspaceMgr.noWorkspaces()));
    }

    /** The weight gradient of a forward pass with the changed weights (on DL4J's path, DL4J's DenseLayer's). */
    private float[] freshWeightGradient(Activation activation) {
        Layer fresh = layer(PreOutputKeepingDenseLayer.Builder::new, activation);
        fresh.getParam("W").muli(-1.5);
        forward(fresh, input, LayerWorkspaceMgr.noWorkspaces());
        return fresh.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces()).getFirst().getGradientFor("W")
                .dup().data().asFloat();
    }

    private void forward(Layer layer, INDArray x, LayerWorkspaceMgr mgr) {
        layer.setInput(x, mgr);
        layer.activate(true, mgr);
    }

    private float[] weightGradientAfterWeightsChange(Layer layer, LayerWorkspaceMgr mgr) {
        layer.getParam("W").muli(-1.5);
        return layer.backpropGradient(epsilon, mgr).getFirst().getGradientFor("W").dup().data().asFloat();
    }

    private Layer layer(Supplier<DenseLayer.Builder> builder, Activation activation) {
        DenseLayer.Builder dense = builder.get();
        dense.nIn(IN).nOut(OUT).activation(activation);
        NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .layer(dense.build()).build();
        Layer layer = conf.getLayer().instantiate(conf, List.of(), 0, params.dup(), false, DataType.FLOAT);
        layer.setBackpropGradientsViewArray(Nd4j.create(DataType.FLOAT, params.shape()));
        return layer;
    }
}
