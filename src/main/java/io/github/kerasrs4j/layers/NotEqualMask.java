package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code ops.not_equal(x, value)} as a 0/1 mask: 1 where x differs from the value, 0 where it
 * equals it, in x's shape. An {@code Embedding(mask_zero=True)} makes its mask this way from its ids
 * (value 0), and Keras 3 records that as a NotEqual node. Ids get no gradient.
 */
public class NotEqualMask extends ParameterlessVertex {

    private double value;

    /** Masks the padding id 0. */
    public NotEqualMask() {
        this(0);
    }

    /** @param value the value that is masked (0 where x equals it) */
    public NotEqualMask(double value) {
        this.value = value;
    }

    public double getValue() {
        return value;
    }

    public void setValue(double value) {
        this.value = value;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new NotEqualMaskVertex(graph, name, idx, networkDatatype, value);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 1) {
            throw new InvalidInputTypeException("NotEqualMask takes one input, got " + vertexInputs.length);
        }
        return vertexInputs[0];
    }

    @Override
    public NotEqualMask clone() {
        return new NotEqualMask(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotEqualMask && Double.compare(((NotEqualMask) o).value, value) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value) + 31 * NotEqualMask.class.hashCode();
    }

    @Override
    public String toString() {
        return "NotEqualMask(value=" + value + ")";
    }
}
