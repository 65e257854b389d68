package io.github.kerasrs4j.samples.movielens;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.layers.PreOutputKeepingDenseLayer;
import io.github.kerasrs4j.layers.RowLoopEmbeddingLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * The keras-io DLRM example's model as a DL4J ComputationGraph: one embedding per feature (Keras's
 * {@code Embedding}: uniform in [-0.05, 0.05], no bias; DL4J's EmbeddingLayer with a faster backward pass,
 * {@link RowLoopEmbeddingLayer}), {@code DotInteraction} over them (the 15 pairwise dot
 * products of 6 features), three Dense 192 ReLU layers and a linear Dense 1 (Glorot-uniform kernels, zero biases; all four
 * {@link PreOutputKeepingDenseLayer}s), trained on mean squared error (a {@link LossLayer}) with AdamW.
 *
 * <p>AdamW is DL4J's {@link Adam} with Keras's epsilon (1e-7) plus DL4J's {@code WeightDecay} regularization
 * with the learning rate applied, on weights and biases alike: DL4J applies it after the updater, so a step is
 * {@code w -= adam(g) + lr * decay * w}, exactly Keras's {@code AdamW} (decoupled weight decay, which Keras
 * applies to every variable). DL4J's {@code l2(...)} would instead add {@code decay * w} to the gradient before
 * Adam rescales it: Adam with L2, not AdamW.
 */
public final class MovieLensGraphBuilder {

    /** The example's {@code deep_net_num_units}. */
    static final int[] DEEP_UNITS = {192, 192, 192};
    /** Keras's Adam/AdamW default epsilon (DL4J's is 1e-8). */
    static final double KERAS_EPSILON = 1e-7;
    private static final double KERAS_EMBEDDING_INIT_LIMIT = 0.05;

    private final int[] tableRows;
    private final int embeddingDim;
    private final double learningRate;
    private final double weightDecay;
    private final long seed;

    /** @param tableRows embedding table rows per feature, in {@link MovieLensFeatures#NAMES} order */
    public MovieLensGraphBuilder(int[] tableRows, int embeddingDim, double learningRate, double weightDecay,
                                 long seed) {
        if (tableRows.length != MovieLensFeatures.NAMES.size()) {
            throw new IllegalArgumentException("expected " + MovieLensFeatures.NAMES.size() + " table sizes, got "
                    + tableRows.length);
        }
        this.tableRows = tableRows.clone();
        this.embeddingDim = embeddingDim;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.seed = seed;
    }

    public ComputationGraph build() {
        ComputationGraph graph = new ComputationGraph(configuration());
        graph.init();
        return graph;
    }

    ComputationGraphConfiguration configuration() {
        List<String> inputs = MovieLensFeatures.NAMES;
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(learningRate, Adam.DEFAULT_ADAM_BETA1_MEAN_DECAY, Adam.DEFAULT_ADAM_BETA2_VAR_DECAY,
                        KERAS_EPSILON))
                .weightInit(WeightInit.XAVIER_UNIFORM);
        ComputationGraphConfiguration.GraphBuilder graph = base.graphBuilder().addInputs(inputs);
        InputType[] inputTypes = new InputType[inputs.size()];
        String[] embeddings = new String[inputs.size()];
        for (int f = 0; f < inputs.size(); f++) {
            inputTypes[f] = InputType.feedForward(1);
            embeddings[f] = "embedding_" + inputs.get(f);
            graph.addLayer(embeddings[f], decayed(new RowLoopEmbeddingLayer.Builder())
                    .nIn(tableRows[f]).nOut(embeddingDim).hasBias(false).activation(Activation.IDENTITY)
                    .weightInit(new UniformDistribution(-KERAS_EMBEDDING_INIT_LIMIT, KERAS_EMBEDDING_INIT_LIMIT))
                    .build(), inputs.get(f));
        }
        graph.addVertex("interaction", new DotInteraction(false, false), embeddings);
        String previous = "interaction";
        for (int i = 0; i < DEEP_UNITS.length; i++) {
            String name = "dense_" + i;
            graph.addLayer(name, decayed(new PreOutputKeepingDenseLayer.Builder()).nOut(DEEP_UNITS[i])
                    .activation(Activation.RELU).build(), previous);
            previous = name;
        }
        // The linear output on the dense kernel too, with the loss in a layer of its own: DL4J's OutputLayer
        // multiplies through ND4J's mmul on OpenBLAS, whose idle threads then spin beside oneDNN's.
        graph.addLayer("rating", decayed(new PreOutputKeepingDenseLayer.Builder()).nOut(1)
                .activation(Activation.IDENTITY).build(), previous);
        graph.addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .build(), "rating");
        ComputationGraphConfiguration configuration = graph.setOutputs("loss").build();
        // Not setInputTypes: it would size every embedding table from its input type, feedForward(1). This fills
        // only the nIns left unset and still checks DotInteraction's inputs.
        configuration.addPreProcessors(false, inputTypes);
        return configuration;
    }

    /**
     * AdamW's decay on a layer's weights and biases. Set per layer: in DL4J 1.0.0-M2.1 the network-wide
     * {@code NeuralNetConfiguration.Builder.weightDecay(...)} (and {@code regularization(List)}) puts the
     * WeightDecay on every layer twice, which decays at twice the rate.
     */
    private <B extends BaseLayer.Builder<B>> B decayed(B layer) {
        if (weightDecay > 0) {
            layer.weightDecay(weightDecay, true);
            layer.weightDecayBias(weightDecay, true);
        }
        return layer;
    }
}
