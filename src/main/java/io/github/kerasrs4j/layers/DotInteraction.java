package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.InteractionLayout;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keras Recommenders' {@code keras_rs.layers.DotInteraction} as a DL4J {@link GraphVertex}: the
 * pairwise dot products of F feature vectors, as in DLRM.
 *
 * <p>Inputs: F &gt;= 1 arrays [batch, D] ({@code InputType.feedForward(D)}), or one array already
 * stacked as [batch, D, F] (NCW, the default) or [batch, F, D] (NWC, set with
 * {@code builder().stackedInputFormat(RNNFormat.NWC)}); a recurrent InputType of the other layout is refused.
 * With NWC, inputs of both kinds may also be mixed: each [batch, D] is one feature, each [batch, k, D]
 * ({@code InputType.recurrent(D, k, NWC)}) k features, in input order, so that a DLRM's bottom MLP output and
 * an {@link EmbeddingCollection}'s stacked embeddings meet without a concatenation. Output: [batch, k], with the
 * columns Keras gives (see {@link InteractionLayout}).
 *
 * <pre>{@code
 * graph.addVertex("interaction", new DotInteraction(false, false), "f0", "f1", "f2");
 * }</pre>
 *
 * <p>{@link #define(SameDiff, SDVariable...)} is the one definition of the forward computation:
 * SameDiff scripts call it, and the vertex's runtime is proven equal to it.
 */
public class DotInteraction extends GraphVertex {

    /** The class name a Keras 3 file gives the layer. */
    public static final String KERAS_CLASS_NAME = "DotInteraction";
    /** The name keras_rs registers the layer under ({@code registered_name} in a Keras 3 file). */
    public static final String KERAS_REGISTERED_NAME = "keras_rs>DotInteraction";

    private static final Set<String> KERAS_CONFIG_KEYS = Set.of("self_interaction", "skip_gather");

    private boolean selfInteraction;
    private boolean skipGather;
    /** Layout of a single stacked input; null means NCW, DL4J's default. */
    private RNNFormat stackedInputFormat;

    /** Keras's defaults: {@code DotInteraction(self_interaction=False, skip_gather=False)}. */
    public DotInteraction() {
        this(false, false);
    }

    /**
     * @param selfInteraction Keras {@code self_interaction}: also keep each feature's dot product with itself
     * @param skipGather      Keras {@code skip_gather}: return the whole F x F matrix with the rest zeroed
     */
    public DotInteraction(boolean selfInteraction, boolean skipGather) {
        this.selfInteraction = selfInteraction;
        this.skipGather = skipGather;
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

    /** The layout of a single stacked input, null for NCW (DL4J's default); DL4J-only, Keras has no such argument. */
    public RNNFormat getStackedInputFormat() {
        return stackedInputFormat;
    }

    /** Sets the layout of a single stacked input: NCW [batch, D, F] or NWC [batch, F, D]. */
    public void setStackedInputFormat(RNNFormat stackedInputFormat) {
        this.stackedInputFormat = stackedInputFormat;
    }

    /** The output columns for {@code numFeatures} inputs; fails when there would be none. */
    public InteractionLayout layout(int numFeatures) {
        return new InteractionLayout(numFeatures, selfInteraction, skipGather);
    }

    // ---------------------------------------------------------------- the forward graph

    /**
     * Defines DotInteraction over F feature variables, each [batch, D], in {@code sd}.
     *
     * @return the interaction variable, [batch, k]
     */
    public SDVariable define(SameDiff sd, SDVariable... features) {
        if (features == null || features.length == 0) {
            throw new IllegalArgumentException("DotInteraction.define needs at least one feature variable, got none");
        }
        long[] first = features[0].getShape();
        for (int i = 0; i < features.length; i++) {
            long[] shape = features[i].getShape();
            if (shape != null && shape.length != 2) {
                throw new IllegalArgumentException("DotInteraction feature " + i + " ('" + features[i].name()
                        + "') has shape " + Arrays.toString(shape) + ": each feature must be rank 2, [batch, D]");
            }
            if (shape != null && first != null && shape[1] >= 0 && first[1] >= 0 && shape[1] != first[1]) {
                throw new IllegalArgumentException("DotInteraction feature " + i + " has D=" + shape[1]
                        + " but feature 0 has D=" + first[1] + ": all features must have the same shape");
            }
        }
        return defineStacked(sd, sd.stack(1, features), features.length);
    }

    /**
     * Defines DotInteraction over features already stacked as X [batch, F, D].
     *
     * @return the interaction variable, [batch, k]
     */
    public SDVariable defineStacked(SameDiff sd, SDVariable stacked, int numFeatures) {
        InteractionLayout layout = layout(numFeatures);
        int f = numFeatures;
        SDVariable pairwise = sd.mmul(stacked, stacked, false, true, false);   // Z = X Xᵀ, [batch, F, F]
        if (skipGather) {
            // Keras multiplies by the mask too, so NaN/Inf outside the triangle propagate the same way.
            SDVariable mask = sd.constant(layout.lowerTriangleMask(stacked.dataType()));
            return sd.reshape(pairwise.mul(mask), -1, (long) f * f);
        }
        // Gathering as a product with a 0/1 selection matrix keeps exact gradients: in M2.1 the backward
        // of gather throws and that of strided_slice fails for these shapes.
        SDVariable selection = sd.constant(layout.selectionMatrix(stacked.dataType()));
        return sd.mmul(sd.reshape(pairwise, -1, (long) f * f), selection);
    }

    // ---------------------------------------------------------------- Keras config

    /**
     * Reads a Keras {@code DotInteraction.get_config()} map: name, trainable, dtype (a string or a
     * DTypePolicy dict), self_interaction, skip_gather.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static DotInteraction fromKerasConfig(Map<String, Object> config) {
        KerasConfigReader reader = new KerasConfigReader(KERAS_CLASS_NAME, config, KERAS_CONFIG_KEYS);
        return new DotInteraction(reader.value("self_interaction", Boolean.class, false),
                reader.value("skip_gather", Boolean.class, false));
    }

    /** This layer's Keras {@code get_config()}, as Keras 3 writes it (dtype as a float32 DTypePolicy dict). */
    public Map<String, Object> toKerasConfig(String name) {
        Map<String, Object> config = KerasConfigReader.commonConfig(name);
        config.put("self_interaction", selfInteraction);
        config.put("skip_gather", skipGather);
        return config;
    }

    // ---------------------------------------------------------------- GraphVertex

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new DotInteractionVertex(graph, name, idx, networkDatatype, this);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        int numFeatures = numFeatures(vertexInputs);
        try {
            return InputType.feedForward(layout(numFeatures).outputSize());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputTypeException(e.getMessage());
        }
    }

    /** F for these input types. */
    private int numFeatures(InputType... inputs) {
        if (inputs == null || inputs.length == 0) {
            throw new InvalidInputTypeException("DotInteraction needs at least one input, got none");
        }
        if (inputs.length == 1 && inputs[0] instanceof InputType.InputTypeRecurrent) {
            // Without a layout of its own, the vertex reads a stacked input as NCW, DL4J's default.
            return StackedInputType.numFeatures((InputType.InputTypeRecurrent) inputs[0],
                    stackedInputFormat == null ? RNNFormat.NCW : stackedInputFormat, "DotInteraction");
        }
        long dim = -1;
        int features = 0;
        for (int i = 0; i < inputs.length; i++) {
            long size;
            if (inputs[i] instanceof InputType.InputTypeRecurrent) {
                // Beside other inputs a stacked one must be NWC: the runtime reads its k features in input order.
                InputType.InputTypeRecurrent stacked = (InputType.InputTypeRecurrent) inputs[i];
                if (stackedInputFormat != RNNFormat.NWC || stacked.getFormat() != RNNFormat.NWC) {
                    throw new InvalidInputTypeException("DotInteraction input " + i + " is " + stacked
                            + ": a stacked input beside others must be NWC [batch, k, D], in a vertex configured with "
                            + "stackedInputFormat(RNNFormat.NWC)");
                }
                features += StackedInputType.numFeatures(stacked, RNNFormat.NWC, "DotInteraction input " + i);
                size = stacked.getSize();
            } else if (inputs[i].getType() == InputType.Type.FF) {
                features++;
                size = ((InputType.InputTypeFeedForward) inputs[i]).getSize();
            } else {
                throw new InvalidInputTypeException("DotInteraction input " + i + " is " + inputs[i]
                        + ": expected InputType.feedForward(D) per feature, or recurrent(D, k, NWC) for k features "
                        + "stacked");
            }
            if (i == 0) {
                dim = size;
            } else if (size != dim) {
                throw new InvalidInputTypeException("DotInteraction input " + i + " is " + inputs[i]
                        + " but input 0 is " + inputs[0] + ": all features must have the same size D");
            }
        }
        return features;
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return StackedInputType.memoryReport(null, DotInteraction.class, inputTypes[0],
                getOutputType(-1, inputTypes), numFeatures(inputTypes));
    }

    @Override
    public DotInteraction clone() {
        DotInteraction copy = new DotInteraction(selfInteraction, skipGather);
        copy.stackedInputFormat = stackedInputFormat;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DotInteraction)) {
            return false;
        }
        DotInteraction other = (DotInteraction) o;
        return selfInteraction == other.selfInteraction && skipGather == other.skipGather
                && stackedInputFormat == other.stackedInputFormat;
    }

    @Override
    public int hashCode() {
        return Objects.hash(selfInteraction, skipGather, stackedInputFormat);
    }

    @Override
    public String toString() {
        return "DotInteraction(selfInteraction=" + selfInteraction + ", skipGather=" + skipGather
                + (stackedInputFormat == null ? "" : ", stackedInputFormat=" + stackedInputFormat) + ")";
    }

    /** Builds a {@link DotInteraction}; every argument defaults as in Keras. */
    public static final class Builder {
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

        /** Layout of a single stacked input: NWC [batch, F, D] or NCW [batch, D, F]. */
        public Builder stackedInputFormat(RNNFormat format) {
            this.stackedInputFormat = format;
            return this;
        }

        /** The configured DotInteraction. */
        public DotInteraction build() {
            DotInteraction built = new DotInteraction(selfInteraction, skipGather);
            built.stackedInputFormat = stackedInputFormat;
            return built;
        }
    }
}
