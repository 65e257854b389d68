package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Objects;

/**
 * Keras's {@code GlobalAveragePooling1D} and {@code GlobalMaxPooling1D}: a sequence [batch, T, D] (NWC,
 * Keras's channels_last) or [batch, D, T] (NCW) becomes [batch, D], the mean or the maximum over its
 * steps. An average may take a second input, the mask [batch, T] of 1 (keep) and 0 (padding), as after
 * an {@code Embedding(mask_zero=True)} of padded id lists: it then averages the unmasked steps only, and
 * a row with every step masked gives 0/0 = NaN, as in Keras. The mask gets no gradient; the maximum's
 * gradient is shared equally among tied steps, as TensorFlow's is.
 *
 * <p>(DL4J's GlobalPoolingLayer computes these too, but in M2.1 it reports a recurrent output type
 * for a recurrent input, so no feed-forward vertex can follow it in a graph built from input types.)
 *
 * <pre>{@code
 * graph.addVertex("history_avg", new SequencePooling(SequencePooling.Mode.AVERAGE, RNNFormat.NWC),
 *         "history_emb", "history_mask");
 * }</pre>
 */
public class SequencePooling extends ParameterlessVertex {

    /** What is taken over the steps. */
    public enum Mode { AVERAGE, MAX }

    private Mode mode;
    private RNNFormat format;

    /** An average over sequences in Keras's layout, [batch, T, D]. */
    public SequencePooling() {
        this(Mode.AVERAGE, RNNFormat.NWC);
    }

    /**
     * @param mode   the mean or the maximum over the steps
     * @param format the layout of the sequence input: NWC [batch, T, D] or NCW [batch, D, T]
     */
    public SequencePooling(Mode mode, RNNFormat format) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.format = Objects.requireNonNull(format, "format");
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public RNNFormat getFormat() {
        return format;
    }

    public void setFormat(RNNFormat format) {
        this.format = format;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return mode == Mode.AVERAGE ? 2 : 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new SequencePoolingVertex(graph, name, idx, networkDatatype, mode, format);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length < 1 || vertexInputs.length > maxVertexInputs()
                || !(vertexInputs[0] instanceof InputType.InputTypeRecurrent)) {
            throw new InvalidInputTypeException("SequencePooling(" + mode + ") takes a sequence"
                    + (mode == Mode.AVERAGE ? " and optionally its mask" : "") + ", got " + Arrays.toString(vertexInputs));
        }
        InputType.InputTypeRecurrent sequence = (InputType.InputTypeRecurrent) vertexInputs[0];
        if (sequence.getFormat() != format) {
            throw new InvalidInputTypeException("SequencePooling is set for " + format + " sequences but its input is "
                    + sequence);
        }
        return InputType.feedForward(sequence.getSize());
    }

    @Override
    public SequencePooling clone() {
        return new SequencePooling(mode, format);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequencePooling && ((SequencePooling) o).mode == mode && ((SequencePooling) o).format == format;
    }

    @Override
    public int hashCode() {
        return Objects.hash(SequencePooling.class, mode, format);
    }

    @Override
    public String toString() {
        return "SequencePooling(mode=" + mode + ", format=" + format + ")";
    }
}
