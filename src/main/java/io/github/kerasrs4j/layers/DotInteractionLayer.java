package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.InteractionLayout;
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
import org.nd4j.shade.jackson.annotation.JsonAlias;

import java.util.Collection;
import java.util.Objects;

/**
 * {@link DotInteraction} as a layer, for MultiLayerNetwork users: its input is the features
 * already stacked, [batch, D, F] (NCW, what an {@code EmbeddingSequenceLayer} gives by default) or
 * [batch, F, D] (NWC), as the recurrent InputType before it says; its output is [batch, k] with
 * Keras's columns. It shares the vertex's runtime and its forward definition, {@link DotInteraction#defineStacked}.
 *
 * <pre>{@code
 * .layer(new EmbeddingSequenceLayer.Builder().nIn(vocab).nOut(d).inputLength(f).build())
 * .layer(new DotInteractionLayer(false, false))
 * }</pre>
 */
public class DotInteractionLayer extends NoParamLayer {

    private boolean selfInteraction;
    private boolean skipGather;
    /** Layout of the stacked input; null until the InputType or the user sets it (then NCW, DL4J's default). */
    @JsonAlias("inputFormat")   // its name in configurations saved before the vertex and the layer shared it
    private RNNFormat stackedInputFormat;

    /** Keras's defaults: {@code DotInteraction(self_interaction=False, skip_gather=False)}. */
    public DotInteractionLayer() {
        this(false, false);
    }

    /**
     * @param selfInteraction Keras {@code self_interaction}: also keep each feature's dot product with itself
     * @param skipGather      Keras {@code skip_gather}: return the whole F x F matrix with the rest zeroed
     */
    public DotInteractionLayer(boolean selfInteraction, boolean skipGather) {
        this.selfInteraction = selfInteraction;
        this.skipGather = skipGather;
    }

    private DotInteractionLayer(Builder builder) {
        super(builder);
        this.selfInteraction = builder.selfInteraction;
        this.skipGather = builder.skipGather;
        this.stackedInputFormat = builder.stackedInputFormat;
    }

    /** A builder whose arguments default as Keras's do. */
    public static Builder builder() {
        return new Builder();
    }

    /** Keras {@code self_interaction}. */
    public boolean isSelfInteraction() {
        return selfInteraction;
    }

    /** Sets Keras {@code self_interaction}. */
    public void setSelfInteraction(boolean selfInteraction) {
        this.selfInteraction = selfInteraction;
    }

    /** Keras {@code skip_gather}. */
    public boolean isSkipGather() {
        return skipGather;
    }

    /** Sets Keras {@code skip_gather}. */
    public void setSkipGather(boolean skipGather) {
        this.skipGather = skipGather;
    }

    /** Layout of the stacked input (DL4J-only; Keras has no such argument), or null when not yet known. */
    public RNNFormat getStackedInputFormat() {
        return stackedInputFormat;
    }

    /** Sets the layout of the stacked input: NCW [batch, D, F] or NWC [batch, F, D]. */
    public void setStackedInputFormat(RNNFormat stackedInputFormat) {
        this.stackedInputFormat = stackedInputFormat;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        DotInteractionLayerImpl layer = new DotInteractionLayerImpl(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        try {
            return InputType.feedForward(new InteractionLayout(numFeatures(layerIndex, inputType), selfInteraction,
                    skipGather).outputSize());
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
        return StackedInputType.numFeatures((InputType.InputTypeRecurrent) inputType, stackedInputFormat, owner);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType instanceof InputType.InputTypeRecurrent && (stackedInputFormat == null || override)) {
            stackedInputFormat = ((InputType.InputTypeRecurrent) inputType).getFormat();
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
        return (DotInteractionLayer) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DotInteractionLayer) || !super.equals(o)) {
            return false;
        }
        DotInteractionLayer other = (DotInteractionLayer) o;
        return selfInteraction == other.selfInteraction && skipGather == other.skipGather
                && stackedInputFormat == other.stackedInputFormat;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), selfInteraction, skipGather, stackedInputFormat);
    }

    @Override
    public String toString() {
        return "DotInteractionLayer(name=" + layerName + ", selfInteraction=" + selfInteraction + ", skipGather="
                + skipGather + (stackedInputFormat == null ? "" : ", stackedInputFormat=" + stackedInputFormat) + ")";
    }

    /** Builds a {@link DotInteractionLayer}; every argument defaults as in Keras. */
    public static final class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
        private boolean selfInteraction;
        private boolean skipGather;
        private RNNFormat stackedInputFormat;

        /** Keras {@code self_interaction}. */
        public Builder selfInteraction(boolean selfInteraction) {
            this.selfInteraction = selfInteraction;
            return this;
        }

        /** Keras {@code skip_gather}. */
        public Builder skipGather(boolean skipGather) {
            this.skipGather = skipGather;
            return this;
        }

        /** Layout of the stacked input: NCW [batch, D, F] or NWC [batch, F, D]. */
        public Builder stackedInputFormat(RNNFormat stackedInputFormat) {
            this.stackedInputFormat = stackedInputFormat;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public DotInteractionLayer build() {
            return new DotInteractionLayer(this);
        }
    }
}
