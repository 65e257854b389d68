package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.MaskedAveragePoolingVertex;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code GlobalAveragePooling1D} called with a mask, as after an {@code Embedding(mask_zero=True)}
 * of padded id lists: the mean of each sequence over its unmasked steps only. Inputs: the sequence
 * [batch, T, D] (NWC, Keras's channels_last) or [batch, D, T] (NCW), and the mask [batch, T] of 1
 * (keep) and 0 (padding). Output: [batch, D]. A row with every step masked gives 0/0 = NaN, as in
 * Keras. The mask gets no gradient.
 *
 * <pre>{@code
 * graph.addVertex("history_avg", new MaskedAveragePooling(RNNFormat.NWC), "history_emb", "history_mask");
 * }</pre>
 */
public class MaskedAveragePooling extends GraphVertex {

    private RNNFormat format;

    /** For sequences in Keras's layout, [batch, T, D]. */
    public MaskedAveragePooling() {
        this(RNNFormat.NWC);
    }

    /** @param format the layout of the sequence input: NWC [batch, T, D] or NCW [batch, D, T] */
    public MaskedAveragePooling(RNNFormat format) {
        this.format = format;
    }

    public RNNFormat getFormat() {
        return format;
    }

    public void setFormat(RNNFormat format) {
        this.format = format;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new MaskedAveragePoolingVertex(graph, name, idx, networkDatatype, format);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeRecurrent)) {
            throw new InvalidInputTypeException("MaskedAveragePooling takes a sequence and its mask, got "
                    + java.util.Arrays.toString(vertexInputs));
        }
        InputType.InputTypeRecurrent sequence = (InputType.InputTypeRecurrent) vertexInputs[0];
        if (sequence.getFormat() != format) {
            throw new InvalidInputTypeException("MaskedAveragePooling is set for " + format + " sequences but its "
                    + "input is " + sequence);
        }
        return InputType.feedForward(sequence.getSize());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, MaskedAveragePooling.class, inputTypes[0],
                getOutputType(-1, inputTypes)).standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public MaskedAveragePooling clone() {
        return new MaskedAveragePooling(format);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskedAveragePooling && ((MaskedAveragePooling) o).format == format;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(MaskedAveragePooling.class, format);
    }

    @Override
    public String toString() {
        return "MaskedAveragePooling(format=" + format + ")";
    }
}
