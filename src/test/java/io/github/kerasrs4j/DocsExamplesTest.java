package io.github.kerasrs4j;

import io.github.kerasrs4j.layers.DotInteractionLayer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The examples of docs/ that the README does not show, verbatim (DocsCodeBlocksTest checks). */
class DocsExamplesTest {

    @Test
    void multiLayerNetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .updater(new Adam(1e-3))
                .list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(1000).nOut(16).inputLength(8).build())
                .layer(new DotInteractionLayer(false, false))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                        .nOut(1).activation(Activation.SIGMOID).build())
                .setInputType(InputType.feedForward(1000))   // DL4J sizes an embedding's input by its vocabulary
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        INDArray ids = Nd4j.createFromArray(new float[][]{{3, 14, 159, 265, 358, 979, 323, 846}});   // 8 feature ids
        INDArray clickProbability = net.output(ids);   // [1, 1]

        assertArrayEquals(new long[]{1, 1}, clickProbability.shape());
    }
}
