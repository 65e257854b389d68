package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.VertexRunner;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad arguments, input types and input arrays fail with messages that say what is wrong. */
class FeatureCrossValidationTest {

    @Test
    void badArgumentsAreRefused() {
        assertMessage(IllegalArgumentException.class, "diagScale should be non-negative",
                () -> FeatureCross.builder().diagScale(-1.0));
        assertMessage(IllegalArgumentException.class, "diagScale should be non-negative",
                () -> new FeatureCross(null, Double.NaN, true));
        assertMessage(IllegalArgumentException.class, "projectionDim must be null (full rank) or at least 1",
                () -> FeatureCross.builder().projectionDim(0));
        assertMessage(IllegalArgumentException.class, "preActivation SOFTMAX is not supported",
                () -> FeatureCross.builder().preActivation(Activation.SOFTMAX));
    }

    @Test
    void inputTypesAreCheckedAndGiveD() {
        FeatureCross cross = new FeatureCross();
        assertEquals(InputType.feedForward(8), cross.getOutputType(0, InputType.feedForward(8), InputType.feedForward(8)));
        assertEquals(8, cross.getInputSize());
        assertMessage(InvalidInputTypeException.class, "x0 and x should have the same shape",
                () -> new FeatureCross().getOutputType(0, InputType.feedForward(5), InputType.feedForward(7)));
        assertMessage(InvalidInputTypeException.class, "takes one input (x0) or two (x0, x), got 3",
                () -> new FeatureCross().getOutputType(0, InputType.feedForward(5), InputType.feedForward(5),
                        InputType.feedForward(5)));
        assertMessage(InvalidInputTypeException.class, "input 0 (x0) is InputTypeRecurrent",
                () -> new FeatureCross().getOutputType(0, InputType.recurrent(5, 3)));
        assertMessage(InvalidInputTypeException.class, "configured for inputs of size 4",
                () -> FeatureCross.builder().inputSize(4).build().getOutputType(0, InputType.feedForward(5)));
    }

    @Test
    void unknownInputSizeIsNamedAtInit() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addVertex("cross", new FeatureCross(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(1).activation(Activation.IDENTITY).build(), "cross")
                .setOutputs("out").build();
        assertMessage(IllegalStateException.class, "does not know its input size d yet",
                () -> new ComputationGraph(conf).init());
    }

    @Test
    void badArraysAreRefusedByTheRuntime() {
        VertexRunner runner = new VertexRunner(FeatureCross.builder().inputSize(4).build(), DataType.FLOAT, 2);
        assertMessage(IllegalArgumentException.class, "input 1 (x) has shape [3, 5]: expected [batch, 4]",
                () -> runner.forward(Nd4j.rand(DataType.FLOAT, 3, 4), Nd4j.rand(DataType.FLOAT, 3, 5)));
        assertMessage(IllegalArgumentException.class, "x0 and x should have the same shape",
                () -> runner.forward(Nd4j.rand(DataType.FLOAT, 3, 4), Nd4j.rand(DataType.FLOAT, 2, 4)));
        assertMessage(IllegalArgumentException.class, "input 0 (x0) has shape [3, 4, 1]",
                () -> runner.forward(Nd4j.rand(DataType.FLOAT, 3, 4, 1), Nd4j.rand(DataType.FLOAT, 3, 4)));
    }

    @Test
    void defineChecksShapes() {
        SameDiff sd = SameDiff.create();
        assertMessage(IllegalArgumentException.class, "x0 and x should have the same shape",
                () -> new FeatureCross().define(sd, "cross", sd.placeHolder("x0", DataType.FLOAT, -1, 4),
                        sd.placeHolder("x", DataType.FLOAT, -1, 5)));
    }

    private static void assertMessage(Class<? extends Throwable> type, String part, Executable executable) {
        Throwable e = assertThrows(type, executable);
        assertTrue(e.getMessage().contains(part), "message should contain '" + part + "': " + e.getMessage());
    }
}
