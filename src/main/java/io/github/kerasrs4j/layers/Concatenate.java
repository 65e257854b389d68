package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Feed-forward inputs [batch, n_i] side by side, [batch, sum n_i]: what DL4J's {@link MergeVertex} does
 * for them, with cheaper copies (the forward concatenation and the split of the gradient are plain
 * memory copies of each sample's columns, not ND4J's concat and strided assigns). Keras's
 * {@code Concatenate(axis=-1)} on rank-2 inputs. Masks are not passed on.
 *
 * <pre>{@code
 * graph.addVertex("top_in", new Concatenate(), "bottom_out", "interaction");
 * }</pre>
 */
public class Concatenate extends ParameterlessVertex {

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
        return new ConcatenateVertex(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs == null || vertexInputs.length == 0) {
            throw new InvalidInputTypeException("Concatenate needs at least one input, got none");
        }
        long width = 0;
        for (int i = 0; i < vertexInputs.length; i++) {
            if (vertexInputs[i].getType() != InputType.Type.FF) {
                throw new InvalidInputTypeException("Concatenate input " + i + " is " + vertexInputs[i]
                        + ": every input must be InputType.feedForward(n)");
            }
            width += ((InputType.InputTypeFeedForward) vertexInputs[i]).getSize();
        }
        return InputType.feedForward(width);
    }

    @Override
    public Concatenate clone() {
        return new Concatenate();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == Concatenate.class;
    }

    @Override
    public int hashCode() {
        return Concatenate.class.hashCode();
    }

    @Override
    public String toString() {
        return "Concatenate()";
    }
}
