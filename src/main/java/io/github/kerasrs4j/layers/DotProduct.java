package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Dot(axes=1, normalize=...)} of two [batch, D] arrays, as two-tower models score a
 * query against an item: [batch, 1] holding each row pair's dot product, or their cosine similarity
 * when normalizing (rows scaled to unit length first, as Keras's ops.normalize does).
 *
 * <pre>{@code
 * graph.addVertex("score", new DotProduct(false), "query", "item");
 * }</pre>
 */
public class DotProduct extends ParameterlessVertex {

    private boolean normalize;

    /** A plain dot product. */
    public DotProduct() {
        this(false);
    }

    /** @param normalize Keras's {@code normalize}: the cosine similarity instead of the dot product */
    public DotProduct(boolean normalize) {
        this.normalize = normalize;
    }

    public boolean isNormalize() {
        return normalize;
    }

    public void setNormalize(boolean normalize) {
        this.normalize = normalize;
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
        return new DotProductVertex(graph, name, idx, networkDatatype, normalize);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || vertexInputs[0].getType() != InputType.Type.FF
                || !vertexInputs[0].equals(vertexInputs[1])) {
            throw new InvalidInputTypeException("DotProduct takes two feed-forward inputs of one size, got "
                    + java.util.Arrays.toString(vertexInputs));
        }
        return InputType.feedForward(1);
    }

    @Override
    public DotProduct clone() {
        return new DotProduct(normalize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DotProduct && ((DotProduct) o).normalize == normalize;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(normalize) + 31 * DotProduct.class.hashCode();
    }

    @Override
    public String toString() {
        return "DotProduct(normalize=" + normalize + ")";
    }
}
