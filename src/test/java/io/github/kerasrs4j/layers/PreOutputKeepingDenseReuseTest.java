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
import org.junit.jupiter.api.Test;
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

/**
 * When the backward pass takes the kept pre-activation and when it computes it again. The probe: the weights change
 * in place between the two passes (DL4J's fit never does that), so a backward pass that took the kept product gives
 * a weight gradient different from DL4J's, and one that computed it again gives DL4J's, bit for bit.
 */
class PreOutputKeepingDenseReuseTest {

    private static final int IN = 5;
    private static final int OUT = 4;
    private static final int BATCH = 6;
    private static final String WORKSPACE = "PRE_OUTPUT_PROBE";

    private final INDArray params = Nd4j.rand(DataType.FLOAT, 1, (IN + 1) * OUT).subi(0.5);
    private final INDArray input = Nd4j.rand(DataType.FLOAT, BATCH, IN).subi(0.5);
    private final INDArray epsilon = Nd4j.rand(DataType.FLOAT, BATCH, OUT).subi(0.5);
    private final LayerWorkspaceMgr activationsInWorkspace = LayerWorkspaceMgr.builder()
            .with(ArrayType.ACTIVATIONS, WORKSPACE, WorkspaceConfiguration.builder().build()).defaultNoWorkspace().build();

    @Test
    void takesTheKeptProductWithinOneOpenWorkspace() {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new);
        try (MemoryWorkspace ws = activationsInWorkspace.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            forward(keeping, input, activationsInWorkspace);
            assertFalse(java.util.Arrays.equals(dl4jWeightGradient(), weightGradientAfterWeightsChange(keeping,
                    activationsInWorkspace)), "the kept product was not taken");
        }
    }

    @Test
    void takesTheKeptProductWithoutWorkspaces() {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new);
        forward(keeping, input, LayerWorkspaceMgr.noWorkspaces());
        assertFalse(java.util.Arrays.equals(dl4jWeightGradient(), weightGradientAfterWeightsChange(keeping,
                LayerWorkspaceMgr.noWorkspaces())), "the kept product was not taken");
    }

    @Test
    void computesAgainOnceItsWorkspaceIsClosed() {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new);
        try (MemoryWorkspace ws = activationsInWorkspace.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            forward(keeping, input, activationsInWorkspace);
        }
        assertComputedAgain(keeping);
    }

    @Test
    void computesAgainInAReopenedWorkspace() {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new);
        try (MemoryWorkspace ws = activationsInWorkspace.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            forward(keeping, input, activationsInWorkspace);
        }
        try (MemoryWorkspace ws = activationsInWorkspace.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            assertArrayEquals(dl4jWeightGradient(), weightGradientAfterWeightsChange(keeping,
                    activationsInWorkspace));
        }
    }

    @Test
    void computesAgainForAnotherInputArray() {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new);
        forward(keeping, input.dup(), LayerWorkspaceMgr.noWorkspaces());
        keeping.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        assertComputedAgain(keeping);
    }

    @Test
    void computesAgainAfterAnInferencePass() {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new);
        forward(keeping, input, LayerWorkspaceMgr.noWorkspaces());
        keeping.activate(false, LayerWorkspaceMgr.noWorkspaces());
        assertComputedAgain(keeping);
    }

    @Test
    void usesTheKeptProductOnlyOnce() {
        Layer keeping = layer(PreOutputKeepingDenseLayer.Builder::new);
        forward(keeping, input, LayerWorkspaceMgr.noWorkspaces());
        keeping.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        assertComputedAgain(keeping);
    }

    /**
     * In fit, with DL4J's default workspaces, the backward pass takes the kept product: a listener changes the
     * first dense layer's weights between the passes, and the weight gradient no longer equals DL4J's.
     */
    @Test
    void fitTakesTheKeptProductInAGraphAndInAList() {
        for (boolean graph : new boolean[]{true, false}) {
            float[] plain = firstWeightGradientAfterChangeBetweenPasses(graph, DenseLayer.Builder::new);
            float[] keeping = firstWeightGradientAfterChangeBetweenPasses(graph,
                    PreOutputKeepingDenseLayer.Builder::new);
            assertFalse(java.util.Arrays.equals(plain, keeping), "graph " + graph + ": the kept product was not taken");
        }
    }

    private float[] firstWeightGradientAfterChangeBetweenPasses(boolean graph, Supplier<DenseLayer.Builder> builder) {
        DenseLayer.Builder dense = builder.get();
        dense.nIn(IN).nOut(OUT).activation(Activation.TANH);
        OutputLayer out = new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(OUT).nOut(2)
                .activation(Activation.IDENTITY).build();
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.FLOAT);
        INDArray labels = Nd4j.rand(DataType.FLOAT, BATCH, 2);
        TrainingListener changeWeights = new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, Map<String, INDArray> activations) {
                ((ComputationGraph) model).getLayer("dense").getParam("W").addi(0.25);
            }

            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                ((MultiLayerNetwork) model).getLayer(0).getParam("W").addi(0.25);
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

    private void assertComputedAgain(Layer keeping) {
        assertArrayEquals(dl4jWeightGradient(), weightGradientAfterWeightsChange(keeping,
                LayerWorkspaceMgr.noWorkspaces()));
    }

    /** DL4J's DenseLayer, forward then weights changed then backward: the product of the changed weights. */
    private float[] dl4jWeightGradient() {
        Layer plain = layer(DenseLayer.Builder::new);
        forward(plain, input, LayerWorkspaceMgr.noWorkspaces());
        return weightGradientAfterWeightsChange(plain, LayerWorkspaceMgr.noWorkspaces());
    }

    private void forward(Layer layer, INDArray x, LayerWorkspaceMgr mgr) {
        layer.setInput(x, mgr);
        layer.activate(true, mgr);
    }

    private float[] weightGradientAfterWeightsChange(Layer layer, LayerWorkspaceMgr mgr) {
        layer.getParam("W").addi(0.25);
        return layer.backpropGradient(epsilon, mgr).getFirst().getGradientFor("W").dup().data().asFloat();
    }

    private Layer layer(Supplier<DenseLayer.Builder> builder) {
        DenseLayer.Builder dense = builder.get();
        dense.nIn(IN).nOut(OUT).activation(Activation.TANH);
        NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .layer(dense.build()).build();
        Layer layer = conf.getLayer().instantiate(conf, List.of(), 0, params.dup(), false, DataType.FLOAT);
        layer.setBackpropGradientsViewArray(Nd4j.create(DataType.FLOAT, params.shape()));
        return layer;
    }
}
