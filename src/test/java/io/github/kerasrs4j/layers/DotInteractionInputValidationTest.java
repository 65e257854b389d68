package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.VertexRunner;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets an error that names the problem and where; masks are ignored as in Keras. */
class DotInteractionInputValidationTest {

    private static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    /** inputs -> DotInteraction -> output layer, with no layer before the vertex to catch bad shapes first. */
    private static ComputationGraph direct(int numInputs, int dim) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().graphBuilder();
        String[] names = new String[numInputs];
        InputType[] types = new InputType[numInputs];
        for (int i = 0; i < numInputs; i++) {
            names[i] = "in" + i;
            types[i] = InputType.feedForward(dim);
        }
        b.addInputs(names).addVertex("interaction", new DotInteraction(), names)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build(), "interaction")
                .setOutputs("out").setInputTypes(types);
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }

    @Test
    void wrongRankIsNamedWithTheInputIndex() {
        ComputationGraph graph = direct(2, 4);
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> graph.output(Nd4j.rand(DataType.FLOAT, 2, 4), Nd4j.rand(DataType.FLOAT, 2, 4, 1)));
        assertMessage(e, "'interaction'", "input 1", "rank 3", "[2, 4, 1]");

        VertexRunner single = new VertexRunner(new DotInteraction(), DataType.FLOAT, 1);
        e = assertThrows(IllegalArgumentException.class, () -> single.forward(Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5)));
        assertMessage(e, "input 0", "rank 4", "[2, 3, 4, 5]");
    }

    @Test
    void differentDimensionsOrBatchSizesAreNamed() {
        ComputationGraph graph = direct(3, 4);
        Exception e = assertThrows(IllegalArgumentException.class, () -> graph.output(Nd4j.rand(DataType.FLOAT, 2, 4),
                Nd4j.rand(DataType.FLOAT, 2, 4), Nd4j.rand(DataType.FLOAT, 2, 5)));
        assertMessage(e, "input 2", "[2, 5]", "input 0", "[2, 4]");

        e = assertThrows(IllegalArgumentException.class, () -> graph.output(Nd4j.rand(DataType.FLOAT, 2, 4),
                Nd4j.rand(DataType.FLOAT, 3, 4), Nd4j.rand(DataType.FLOAT, 2, 4)));
        assertMessage(e, "input 1", "[3, 4]", "[2, 4]");
    }

    @Test
    void mismatchedInputTypesFailAtBuildTime() {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("a", "b").addVertex("interaction", new DotInteraction(), "a", "b")
                .addLayer("out", new OutputLayer.Builder().nOut(1).build(), "interaction")
                .setOutputs("out").setInputTypes(InputType.feedForward(4), InputType.feedForward(5));
        Exception e = assertThrows(InvalidInputTypeException.class, b::build);
        assertMessage(e, "input 1", "input 0", "same size D");

        e = assertThrows(InvalidInputTypeException.class, () -> new DotInteraction()
                .getOutputType(0, InputType.feedForward(4), InputType.convolutional(2, 2, 1)));
        assertMessage(e, "input 1", "feedForward(D)");

        e = assertThrows(InvalidInputTypeException.class, () -> DotInteraction.builder()
                .stackedInputFormat(RNNFormat.NCW).build().getOutputType(0, InputType.recurrent(4, 3, RNNFormat.NWC)));
        assertMessage(e, "NCW", "NWC");

        DotInteraction unconfigured = new DotInteraction();
        e = assertThrows(InvalidInputTypeException.class,
                () -> unconfigured.getOutputType(0, InputType.recurrent(4, 3, RNNFormat.NWC)));
        assertMessage(e, "NCW", "stackedInputFormat(RNNFormat.NWC)");
        assertEquals(new DotInteraction(), unconfigured, "getOutputType leaves the config as it was");

        e = assertThrows(InvalidInputTypeException.class,
                () -> new DotInteraction().getOutputType(0, InputType.recurrent(4)));
        assertMessage(e, "number of features");
    }

    @Test
    void emptyInputsAreNamed() {
        VertexRunner separate = new VertexRunner(new DotInteraction(), DataType.FLOAT, 2);
        Exception e = assertThrows(IllegalArgumentException.class, () -> separate.forward(
                Nd4j.create(DataType.FLOAT, 4, 0), Nd4j.create(DataType.FLOAT, 4, 0)));
        assertMessage(e, "input 0", "[4, 0]", "empty");
        VertexRunner stacked = new VertexRunner(new DotInteraction(), DataType.FLOAT, 1);
        e = assertThrows(IllegalArgumentException.class, () -> stacked.forward(Nd4j.create(DataType.FLOAT, 0, 3, 2)));
        assertMessage(e, "input 0", "[0, 3, 2]", "empty");
    }

    @Test
    void noInputsIsAnError() {
        assertMessage(assertThrows(InvalidInputTypeException.class, () -> new DotInteraction().getOutputType(0)),
                "at least one input");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new DotInteraction().define(SameDiff.create())),
                "at least one feature");
    }

    /** One feature without self_interaction in gather mode has no pairs: refused, not an empty output. */
    @Test
    void emptyOutputIsRefused() {
        Exception e = assertThrows(InvalidInputTypeException.class,
                () -> new DotInteraction(false, false).getOutputType(0, InputType.feedForward(4)));
        assertMessage(e, "no pairs", "1 feature");
        assertEquals(InputType.feedForward(1), new DotInteraction(true, false).getOutputType(0, InputType.feedForward(4)));
        assertEquals(InputType.feedForward(1), new DotInteraction(false, true).getOutputType(0, InputType.feedForward(4)));

        VertexRunner runner = new VertexRunner(new DotInteraction(false, false), DataType.FLOAT, 1);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> runner.forward(Nd4j.rand(DataType.FLOAT, 2, 4))),
                "no pairs");
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new DotInteraction().define(sd, x)), "no pairs");
    }

    @Test
    void defineChecksKnownShapes() {
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.placeHolder("a", DataType.FLOAT, -1, 4);
        SDVariable b = sd.placeHolder("b", DataType.FLOAT, -1, 5);
        SDVariable c = sd.placeHolder("c", DataType.FLOAT, -1, 4, 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new DotInteraction().define(sd, a, b)),
                "feature 1", "D=5", "D=4");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new DotInteraction().define(sd, a, c)),
                "feature 1", "rank 2");
    }

    /** Keras's DotInteraction ignores masks; so does the vertex, and its output carries none. */
    @Test
    void masksAreIgnored() {
        ComputationGraph graph = direct(3, 4);
        INDArray[] inputs = {Nd4j.rand(DataType.FLOAT, 2, 4), Nd4j.rand(DataType.FLOAT, 2, 4), Nd4j.rand(DataType.FLOAT, 2, 4)};
        INDArray[] masks = {Nd4j.createFromArray(new float[][]{{1}, {0}}), Nd4j.createFromArray(new float[][]{{0}, {1}}),
                Nd4j.createFromArray(new float[][]{{1}, {1}})};
        INDArray unmasked = graph.outputSingle(inputs);
        assertEquals(unmasked, graph.output(false, inputs, masks)[0]);
        assertEquals(null, graph.getVertex("interaction").feedForwardMaskArrays(masks, null, 2).getFirst());
    }
}
