package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime of a small vertex without parameters: subclasses give {@link #forward} and {@link #backward}
 * on plain arrays, and this class puts the results where DL4J's workspaces want them. DL4J masks are not
 * read (the Keras layers these vertices import take their masks as explicit inputs) and none are passed on.
 */
public abstract class StatelessVertex extends HandWrittenVertex {

    protected StatelessVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, dataType);
    }

    /** The output for {@code inputs}, a new array. */
    protected abstract INDArray forward(INDArray[] inputs);

    /**
     * The gradient for each input, given the output's gradient {@code epsilon}: new arrays of the inputs'
     * shapes, or null for an input of ids that takes none.
     */
    protected abstract INDArray[] backward(INDArray[] inputs, INDArray epsilon);

    @Override
    protected INDArray output(LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, forward(inputs));
    }

    @Override
    protected Pair<Gradient, INDArray[]> gradients(LayerWorkspaceMgr workspaceMgr) {
        INDArray[] gradients = backward(inputs, epsilon);
        for (int i = 0; i < gradients.length; i++) {
            gradients[i] = gradients[i] == null ? null : workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, gradients[i]);
        }
        return new Pair<>(null, gradients);
    }
}
