package io.github.kerasrs4j.samples.dlrm;

import io.github.kerasrs4j.layers.Concatenate;
import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.layers.EmbeddingCollection;
import io.github.kerasrs4j.layers.RowSparseStep;
import io.github.kerasrs4j.layers.FeatureCross;
import io.github.kerasrs4j.layers.PreOutputKeepingDenseLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds DLRM as the DLRM paper and the keras-io DLRM example do, as a DL4J ComputationGraph: a bottom MLP
 * on the dense features ending in the embedding size, one embedding table per categorical feature (all in one
 * {@link EmbeddingCollection}, or one EmbeddingLayer each: {@link EmbeddingForm}), the
 * {@link Interaction} of the bottom output with the embeddings, the bottom output concatenated with that,
 * a top MLP, and a sigmoid click probability trained with binary cross-entropy and Adam.
 */
public final class DlrmGraphBuilder {

    /** Hidden sizes of the bottom MLP; its last layer has the embedding size so it can join the interaction. */
    private static final int[] BOTTOM_HIDDEN = {64};
    private static final int[] TOP_HIDDEN = {128, 64};
    /** DCN: cross layers in the stack, each of rank d/4 (keras_rs's advice: it keeps a full rank's accuracy). */
    private static final int CROSS_LAYERS = 2;

    private final int vocabularySize;
    private final int embeddingDim;
    private final double learningRate;
    private final long seed;
    private final EmbeddingForm embeddings;

    /** The per-feature form, whose inputs {@link CriteoBatch#of(List)} fills. */
    public DlrmGraphBuilder(int vocabularySize, int embeddingDim, double learningRate, long seed) {
        this(vocabularySize, embeddingDim, learningRate, seed, EmbeddingForm.PER_FEATURE);
    }

    public DlrmGraphBuilder(int vocabularySize, int embeddingDim, double learningRate, long seed,
                            EmbeddingForm embeddings) {
        this.vocabularySize = vocabularySize;
        this.embeddingDim = embeddingDim;
        this.learningRate = learningRate;
        this.seed = seed;
        this.embeddings = embeddings;
    }

    /** The per-feature graph's inputs, in the order {@link CriteoBatch} fills them. */
    public static List<String> inputNames() {
        return inputNames(EmbeddingForm.PER_FEATURE);
    }

    /** The graph's inputs: "dense", then "categorical" [batch, 26] or, per feature, "C1".."C26" [batch, 1]. */
    public static List<String> inputNames(EmbeddingForm embeddings) {
        List<String> names = new ArrayList<>();
        names.add("dense");
        if (embeddings == EmbeddingForm.COLLECTION) {
            names.add("categorical");
            return names;
        }
        for (int c = 1; c <= CriteoRow.CATEGORICAL_FEATURES; c++) {
            names.add("C" + c);
        }
        return names;
    }

    /** The initialized graph; in the collection form its step skips the tables' rows a batch does not look up. */
    public ComputationGraph build(Interaction interaction) {
        ComputationGraph graph = new ComputationGraph(configuration(interaction));
        graph.init();
        if (embeddings == EmbeddingForm.COLLECTION) {
            RowSparseStep.attach(graph);
        }
        return graph;
    }

    ComputationGraphConfiguration configuration(Interaction interaction) {
        List<String> inputs = inputNames(embeddings);
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(inputs);
        InputType[] inputTypes = new InputType[inputs.size()];
        inputTypes[0] = InputType.feedForward(CriteoRow.DENSE_FEATURES);

        String bottom = mlp(graph, "bottom", inputs.get(0), BOTTOM_HIDDEN);
        graph.addLayer("bottom_out", dense(embeddingDim), bottom);

        // The bottom output takes part in the interaction like one more embedding, as in DLRM.
        String topInput = "top_in";
        int numFeatures = CriteoRow.CATEGORICAL_FEATURES + 1;
        if (embeddings == EmbeddingForm.COLLECTION) {
            inputTypes[1] = InputType.feedForward(CriteoRow.CATEGORICAL_FEATURES);
            // DotInteraction takes the bottom output [b, D] and the stacked embeddings [b, 26, D] as they are;
            // the other interactions take them side by side, [b, 27 * D].
            EmbeddingCollection.Builder tables = new EmbeddingCollection.Builder().embeddingDim(embeddingDim)
                    .output(interaction == Interaction.DOT ? EmbeddingCollection.Output.STACKED
                            : EmbeddingCollection.Output.CONCATENATED);
            for (int c = 1; c <= CriteoRow.CATEGORICAL_FEATURES; c++) {
                tables.feature("C" + c, vocabularySize);
            }
            graph.addLayer("embeddings", tables.build(), inputs.get(1));
            if (interaction == Interaction.DOT) {
                graph.addVertex("interaction", DotInteraction.builder().stackedInputFormat(RNNFormat.NWC).build(),
                        "bottom_out", "embeddings");
                graph.addVertex("top_in", new Concatenate(), "bottom_out", "interaction");
            } else {
                graph.addVertex("top_in", new Concatenate(), "bottom_out", "embeddings");
            }
        } else {
            List<String> features = new ArrayList<>();
            features.add("bottom_out");
            for (int c = 1; c < inputs.size(); c++) {
                inputTypes[c] = InputType.feedForward(1);
                String embedding = "embedding_" + inputs.get(c);
                graph.addLayer(embedding, new EmbeddingLayer.Builder()
                        .nIn(vocabularySize).nOut(embeddingDim).activation(Activation.IDENTITY).hasBias(false).build(),
                        inputs.get(c));
                features.add(embedding);
            }
            String[] featureNames = features.toArray(new String[0]);
            if (interaction == Interaction.DOT) {
                graph.addVertex("interaction", new DotInteraction(false, false), featureNames);
                graph.addVertex("top_in", new Concatenate(), "bottom_out", "interaction");
            } else {
                graph.addVertex("top_in", new Concatenate(), featureNames);
            }
        }
        if (interaction == Interaction.CROSS) {
            topInput = crossStack(graph, "top_in", numFeatures * embeddingDim);
        }

        String top = mlp(graph, "top", topInput, TOP_HIDDEN);
        graph.addLayer("click", new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nOut(1).activation(Activation.SIGMOID).build(), top);
        ComputationGraphConfiguration configuration = graph.setOutputs("click").build();
        // Not setInputTypes: it overrides every nIn from the input types, and an embedding's input type,
        // feedForward(1), would make its table 1 row long. Without override it fills only the unset nIns and
        // still checks every vertex's input types (DotInteraction's equal sizes included).
        configuration.addPreProcessors(false, inputTypes);
        return configuration;
    }

    /** Adds cross_0(x0), cross_1(x0, cross_0), ...; returns the last one's name. */
    private static String crossStack(ComputationGraphConfiguration.GraphBuilder graph, String x0, int width) {
        String previous = x0;
        for (int i = 0; i < CROSS_LAYERS; i++) {
            String name = "cross_" + i;
            FeatureCross cross = FeatureCross.builder().projectionDim(Math.max(1, width / 4)).build();
            if (i == 0) {
                graph.addVertex(name, cross, x0);
            } else {
                graph.addVertex(name, cross, x0, previous);
            }
            previous = name;
        }
        return previous;
    }

    /** Adds ReLU layers named prefix_0, prefix_1, ... after {@code input}; returns the last one's name. */
    private static String mlp(ComputationGraphConfiguration.GraphBuilder graph, String prefix, String input,
                              int[] sizes) {
        String previous = input;
        for (int i = 0; i < sizes.length; i++) {
            String name = prefix + "_" + i;
            graph.addLayer(name, dense(sizes[i]), previous);
            previous = name;
        }
        return previous;
    }

    private static Layer dense(int size) {
        return new PreOutputKeepingDenseLayer.Builder().nOut(size).activation(Activation.RELU).build();
    }
}
