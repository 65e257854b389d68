package io.github.kerasrs4j.testing;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.layers.FeatureCross;
import io.github.kerasrs4j.layers.StackFeatures;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small ComputationGraphs with trainable layers before and after a DotInteraction or FeatureCross vertex. */
public final class TestGraphs {

    public static final int DENSE_IN = 3;
    public static final int OUT = 2;

    private TestGraphs() {
    }

    /** F dense inputs [batch, 3] -> Dense(D) each -> DotInteraction -> Dense(3) -> Output(2, MSE). */
    public static ComputationGraph denseFeatures(DotInteraction interaction, int numFeatures, int dim,
                                                 DataType dataType, IUpdater updater, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = base(dataType, updater, seed);
        String[] features = new String[numFeatures];
        for (int i = 0; i < numFeatures; i++) {
            b.addInputs("in" + i);
            features[i] = "dense" + i;
            b.addLayer(features[i], new DenseLayer.Builder().nIn(DENSE_IN).nOut(dim).activation(Activation.TANH)
                    .build(), "in" + i);
        }
        InputType[] types = new InputType[numFeatures];
        java.util.Arrays.fill(types, InputType.feedForward(DENSE_IN));
        return head(b.addVertex("interaction", interaction, features), "interaction", types);
    }

    /** F index inputs [batch, 1] -> Embedding(vocab, D) each -> DotInteraction -> Dense(3) -> Output(2, MSE). */
    public static ComputationGraph embeddingFeatures(DotInteraction interaction, int numFeatures, int vocab,
                                                     int dim, DataType dataType, IUpdater updater, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = base(dataType, updater, seed);
        String[] features = new String[numFeatures];
        for (int i = 0; i < numFeatures; i++) {
            b.addInputs("ids" + i);
            features[i] = "embedding" + i;
            b.addLayer(features[i], new EmbeddingLayer.Builder().nIn(vocab).nOut(dim).build(), "ids" + i);
        }
        InputType[] types = new InputType[numFeatures];
        java.util.Arrays.fill(types, InputType.feedForward(vocab));   // DL4J sizes an embedding's input by its vocabulary
        return head(b.addVertex("interaction", interaction, features), "interaction", types);
    }

    /**
     * One index input [batch, F] -> EmbeddingSequenceLayer (stacked, in {@code format}) -> DotInteraction
     * (a copy of {@code interaction} configured for that layout) -> ...
     */
    public static ComputationGraph stackedFeatures(DotInteraction interaction, int numFeatures, int vocab, int dim,
                                                   RNNFormat format, DataType dataType, IUpdater updater, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = base(dataType, updater, seed);
        b.addInputs("ids");
        b.addLayer("embeddings", new EmbeddingSequenceLayer.Builder().nIn(vocab).nOut(dim)
                .inputLength(numFeatures).outputDataFormat(format).build(), "ids");
        DotInteraction forFormat = interaction.clone();
        forFormat.setStackedInputFormat(format);
        return head(b.addVertex("interaction", forFormat, "embeddings"), "interaction", InputType.feedForward(vocab));
    }

    /**
     * Dense inputs in0, in1, in2 [batch, 3] -> Dense(D, tanh) "a", Dense(k*D, tanh) "wide", Dense(D, tanh) "c";
     * then DotInteraction over the k + 2 features a, wide's k, c (in that order), fed either mixed, as a,
     * wide stacked [batch, k, D] by {@link StackFeatures}, and c, or merged, as a MergeVertex of the three and
     * StackFeatures(k + 2) -> ... The two graphs compute the same function of the same parameters.
     */
    public static ComputationGraph mixedFeatures(DotInteraction interaction, boolean merged, int stackedFeatures,
                                                 int dim, DataType dataType, IUpdater updater, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = base(dataType, updater, seed).addInputs("in0", "in1", "in2");
        int[] sizes = {dim, stackedFeatures * dim, dim};
        String[] names = {"a", "wide", "c"};
        for (int i = 0; i < names.length; i++) {
            b.addLayer(names[i], new DenseLayer.Builder().nIn(DENSE_IN).nOut(sizes[i]).activation(Activation.TANH)
                    .build(), "in" + i);
        }
        DotInteraction nwc = interaction.clone();
        nwc.setStackedInputFormat(RNNFormat.NWC);
        if (merged) {
            b.addVertex("features", new MergeVertex(), names)
                    .addVertex("stacked", new PreprocessorVertex(new StackFeatures(stackedFeatures + 2)), "features")
                    .addVertex("interaction", nwc, "stacked");
        } else {
            b.addVertex("stacked", new PreprocessorVertex(new StackFeatures(stackedFeatures)), "wide")
                    .addVertex("interaction", nwc, "a", "stacked", "c");
        }
        InputType[] types = new InputType[3];
        java.util.Arrays.fill(types, InputType.feedForward(DENSE_IN));
        return head(b, "interaction", types);
    }

    /**
     * DLRM in miniature: dense [batch, 3] -> Dense(D, relu) "bottom"; {@code numCategorical} id inputs
     * [batch, 1] -> Embedding(vocab, D) each; DotInteraction over bottom and embeddings -> Dense(8, relu)
     * -> Output(1, sigmoid, binary cross-entropy). Inputs: "dense", then "ids0", "ids1", ...
     */
    public static ComputationGraph dlrmLike(DotInteraction interaction, int numCategorical, int vocab, int dim,
                                            DataType dataType, IUpdater updater, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = base(dataType, updater, seed);
        b.addInputs("dense");
        b.addLayer("bottom", new DenseLayer.Builder().nIn(DENSE_IN).nOut(dim).activation(Activation.RELU).build(),
                "dense");
        String[] features = new String[numCategorical + 1];
        features[0] = "bottom";
        InputType[] types = new InputType[numCategorical + 1];
        types[0] = InputType.feedForward(DENSE_IN);
        for (int i = 0; i < numCategorical; i++) {
            b.addInputs("ids" + i);
            features[i + 1] = "embedding" + i;
            b.addLayer(features[i + 1], new EmbeddingLayer.Builder().nIn(vocab).nOut(dim).build(), "ids" + i);
            types[i + 1] = InputType.feedForward(vocab);
        }
        b.addVertex("interaction", interaction, features)
                .addLayer("top", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "interaction")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1)
                        .activation(Activation.SIGMOID).build(), "top")
                .setOutputs("out")
                .setInputTypes(types);
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }

    /**
     * Dense inputs [batch, 3] -> Dense(d, tanh) "x0" (and "x", from a second input) -> FeatureCross "cross"
     * over x0 (or x0 and x) -> Dense(3) -> Output(2, MSE). Inputs: "in0" (and "in1").
     */
    public static ComputationGraph crossFeatures(FeatureCross cross, boolean twoInputs, int dim, DataType dataType,
                                                 IUpdater updater, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = base(dataType, updater, seed);
        int inputs = twoInputs ? 2 : 1;
        String[] names = {"x0", "x"};
        for (int i = 0; i < inputs; i++) {
            b.addInputs("in" + i);
            b.addLayer(names[i], new DenseLayer.Builder().nIn(DENSE_IN).nOut(dim).activation(Activation.TANH).build(),
                    "in" + i);
        }
        InputType[] types = new InputType[inputs];
        java.util.Arrays.fill(types, InputType.feedForward(DENSE_IN));
        return head(b.addVertex("cross", cross, java.util.Arrays.copyOf(names, inputs)), "cross", types);
    }

    private static ComputationGraphConfiguration.GraphBuilder base(DataType dataType, IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(dataType).updater(updater)
                .weightInit(WeightInit.XAVIER).graphBuilder();
    }

    private static ComputationGraph head(ComputationGraphConfiguration.GraphBuilder b, String vertex,
                                         InputType... inputTypes) {
        b.addLayer("top", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), vertex)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(OUT)
                        .activation(Activation.IDENTITY).build(), "top")
                .setOutputs("out")
                .setInputTypes(inputTypes);
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }
}
