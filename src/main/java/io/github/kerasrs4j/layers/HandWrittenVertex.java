package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime of a kerasrs4j vertex, whose backward pass is written by hand instead of DL4J's stock
 * SameDiff vertex runtime (which doubles the gradients it passes upstream): what DL4J asks of every
 * such vertex beyond its own computation. Subclasses give {@link #output} and {@link #gradients};
 * by default a vertex has no parameters and passes no mask on, which vertices with parameters or
 * masks override.
 */
public abstract class HandWrittenVertex extends BaseGraphVertex {

    protected HandWrittenVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    /** The output for the set {@link #inputs}, in {@code workspaceMgr}'s activations workspace. */
    protected abstract INDArray output(LayerWorkspaceMgr workspaceMgr);

    /**
     * The parameters' gradient (null without parameters) and each input's, given the set {@link #inputs}
     * and {@link #epsilon}; the input gradients in the activation-gradients workspace.
     */
    protected abstract Pair<Gradient, INDArray[]> gradients(LayerWorkspaceMgr workspaceMgr);

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException(this + ": inputs not set");
        }
        return output(workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(this + ": epsilon not set");
        }
        return gradients(workspaceMgr);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException(this + " has no parameters, so no gradient view");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(id=" + vertexIndex + ", name=\"" + vertexName + "\")";
    }
}
