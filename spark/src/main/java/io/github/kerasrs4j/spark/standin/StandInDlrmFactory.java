package io.github.kerasrs4j.spark.standin;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.spark.DlrmModelFactory;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Stand-in until the DLRM sample (issue 4) is merged, then replaced by its graph builder: a small DLRM, with a
 * bottom MLP on the dense features, one embedding table per categorical feature, kerasrs4j's DotInteraction
 * over all of them, and a top MLP on [bottom output, interactions] ending in a click probability.
 */
public final class StandInDlrmFactory implements DlrmModelFactory {

    private static final int BOTTOM_HIDDEN = 32;
    private static final int TOP_HIDDEN = 64;

    private final int vocabularySize;
    private final int embeddingDim;
    private final double learningRate;
    private final long seed;

    public StandInDlrmFactory(int vocabularySize, int embeddingDim, double learningRate, long seed) {
        this.vocabularySize = vocabularySize;
        this.embeddingDim = embeddingDim;
        this.learningRate = learningRate;
        this.seed = seed;
    }

    @Override
    public ComputationGraph create() {
        ComputationGraph graph = new ComputationGraph(configuration());
        graph.init();
        return graph;
    }

    private ComputationGraphConfiguration configuration() {
        int categorical = StandInCriteoEncoder.CATEGORICAL_FEATURES;
        String[] inputs = new String[1 + categorical];
        inputs[0] = "dense";
        String[] interacting = new String[1 + categorical];
        interacting[0] = "bottom_out";
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder();
        for (int c = 1; c <= categorical; c++) {
            inputs[c] = "C" + c;
            interacting[c] = "embedding_C" + c;
        }
        graph.addInputs(inputs);
        graph.addLayer("bottom_0", relu(StandInCriteoEncoder.DENSE_FEATURES, BOTTOM_HIDDEN), "dense");
        graph.addLayer("bottom_out", relu(BOTTOM_HIDDEN, embeddingDim), "bottom_0");
        for (int c = 1; c <= categorical; c++) {
            graph.addLayer(interacting[c], new EmbeddingLayer.Builder().nIn(vocabularySize).nOut(embeddingDim)
                    .activation(Activation.IDENTITY).hasBias(false).build(), inputs[c]);
        }
        int pairs = interacting.length * (interacting.length - 1) / 2;
        graph.addVertex("interaction", new DotInteraction(false, false), interacting);
        graph.addVertex("top_in", new MergeVertex(), "bottom_out", "interaction");
        graph.addLayer("top_0", relu(embeddingDim + pairs, TOP_HIDDEN), "top_in");
        graph.addLayer("click", new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nIn(TOP_HIDDEN).nOut(1).activation(Activation.SIGMOID).build(), "top_0");
        return graph.setOutputs("click").build();
    }

    private static DenseLayer relu(int nIn, int nOut) {
        return new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(Activation.RELU).build();
    }
}
