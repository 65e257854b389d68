package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Objects;

/**
 * {@link DotInteraction} as a layer, for MultiLayerNetwork users: its input is the features
 * already stacked, [batch, D, F] (NCW, what an {@code EmbeddingSequenceLayer} gives by default) or
 * [batch, F, D] (NWC), as the recurrent InputType before it says; its output is [batch, k] with
 * Keras's columns. Its settings are a {@link DotInteraction}'s, and it computes what that
 * vertex's {@link DotInteraction#defineStacked} defines, with the vertex's runtime.
 *
 * <pre>{@code
 * .layer(new EmbeddingSequenceLayer.Builder().nIn(vocab).nOut(d).inputLength(f).build())
 * .layer(new DotInteractionLayer(false, false))
 * }</pre>
 */
public class DotInteractionLayer extends NoParamLayer {

    /** The computation's settings; its stacked layout is null until the InputType or the user sets it. */
    private DotInteraction interaction;

    /** Keras's defaults: {@code DotInteraction(self_interaction=False, skip_gather=False)}. */
    public DotInteractionLayer() {
        this(false, false);
    }

    /**
     * @param selfInteraction Keras {@code self_interaction}: also keep each feature's dot product with itself
     * @param skipGather      Keras {@code skip_gather}: return the whole F x F matrix with the rest zeroed
     */
    public DotInteractionLayer(boolean selfInteraction, boolean skipGather) {
        this.interaction = new DotInteraction(selfInteraction, skipGather);
    }

    private DotInteractionLayer(Builder builder) {
        super(builder);
        this.interaction = builder.interaction.build();
    }

    /** A builder whose arguments default as Keras's do. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings this layer computes with, as a vertex config (a copy). */
    public DotInteraction getInteraction() {
        return interaction.clone();
    }

    /** Keras {@code self_interaction}. */
    public boolean isSelfInteraction() {
        return interaction.isSelfInteraction();
    }

    /** Keras {@code skip_gather}. */
    public boolean isSkipGather() {
        return interaction.isSkipGather();
    }

    /** Layout of the stacked input (DL4J-only; Keras has no such argument), or null when not yet known. */
    public RNNFormat getStackedInputFormat() {
        return interaction.getStackedInputFormat();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new DotInteractionLayerImpl(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializer().init(conf, layerParamsView, initializeParams));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        try {
            return InputType.feedForward(interaction.layout(numFeatures(layerIndex, inputType)).outputSize());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputTypeException(e.getMessage());
        }
    }

    private int numFeatures(int layerIndex, InputType inputType) {
        String owner = "DotInteractionLayer (layer " + layerIndex + ", '" + layerName + "')";
        if (!(inputType instanceof InputType.InputTypeRecurrent)) {
            throw new InvalidInputTypeException(owner + " takes the features stacked, a recurrent InputType "
                    + "[batch, D, F] or [batch, F, D] (e.g. after an EmbeddingSequenceLayer), got " + inputType);
        }
        return StackedInputType.numFeatures((InputType.InputTypeRecurrent) inputType,
                interaction.getStackedInputFormat(), owner);
    }

    /** Reads the stacked layout from the InputType, as DL4J's layers read theirs. */
    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType instanceof InputType.InputTypeRecurrent
                && (interaction.getStackedInputFormat() == null || override)) {
            interaction.setStackedInputFormat(((InputType.InputTypeRecurrent) inputType).getFormat());
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;   // the stacked input is taken as it is
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return StackedInputType.memoryReport(layerName, DotInteractionLayer.class, inputType,
                getOutputType(-1, inputType), numFeatures(-1, inputType));
    }

    @Override
    public DotInteractionLayer clone() {
        DotInteractionLayer copy = (DotInteractionLayer) super.clone();
        copy.interaction = interaction.clone();
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof DotInteractionLayer && super.equals(o)
                && interaction.equals(((DotInteractionLayer) o).interaction);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), interaction);
    }

    @Override
    public String toString() {
        return "DotInteractionLayer(name=" + layerName + ", " + interaction + ")";
    }

    /** Builds a {@link DotInteractionLayer}; every argument defaults as in Keras. */
    public static final class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
        private final DotInteraction.Builder interaction = DotInteraction.builder();

        /** Keras {@code self_interaction}. */
        public Builder selfInteraction(boolean selfInteraction) {
            interaction.selfInteraction(selfInteraction);
            return this;
        }

        /** Keras {@code skip_gather}. */
        public Builder skipGather(boolean skipGather) {
            interaction.skipGather(skipGather);
            return this;
        }

        /** Layout of the stacked input: NCW [batch, D, F] or NWC [batch, F, D]. */
        public Builder stackedInputFormat(RNNFormat stackedInputFormat) {
            interaction.stackedInputFormat(stackedInputFormat);
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public DotInteractionLayer build() {
            return new DotInteractionLayer(this);
        }
    }
}
