package io.github.kerasrs4j;

import io.github.kerasrs4j.layers.DotInteraction;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The README's quick start, verbatim (DocsCodeBlocksTest checks that the README still says this). */
class ReadmeQuickStartTest {

    @Test
    void computationGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .updater(new Adam(1e-3))
                .graphBuilder()
                .addInputs("user", "item", "context")
                .addVertex("interaction", new DotInteraction(false, false), "user", "item", "context")
                .addLayer("click", new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                        .nOut(1).activation(Activation.SIGMOID).build(), "interaction")
                .setOutputs("click")
                .setInputTypes(InputType.feedForward(8), InputType.feedForward(8), InputType.feedForward(8))
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();

        INDArray user = Nd4j.rand(DataType.FLOAT, 4, 8);
        INDArray item = Nd4j.rand(DataType.FLOAT, 4, 8);
        INDArray context = Nd4j.rand(DataType.FLOAT, 4, 8);
        INDArray clickProbability = graph.outputSingle(user, item, context);   // [4, 1]

        assertArrayEquals(new long[]{4, 1}, clickProbability.shape());
    }

    @Test
    void sameDiff() {
        SameDiff sd = SameDiff.create();
        SDVariable user = sd.placeHolder("user", DataType.FLOAT, -1, 8);
        SDVariable item = sd.placeHolder("item", DataType.FLOAT, -1, 8);
        SDVariable context = sd.placeHolder("context", DataType.FLOAT, -1, 8);
        SDVariable interactions = new DotInteraction().define(sd, user, item, context);   // [batch, 3]

        INDArray out = interactions.eval(Map.of("user", Nd4j.rand(DataType.FLOAT, 4, 8),
                "item", Nd4j.rand(DataType.FLOAT, 4, 8), "context", Nd4j.rand(DataType.FLOAT, 4, 8)));
        assertArrayEquals(new long[]{4, 3}, out.shape());
    }
}
