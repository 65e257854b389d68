package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.DotInteractionRuntime;
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
 * The runtime of {@link DotInteraction} in a ComputationGraph, and our own: DL4J's stock SameDiff
 * vertex runtime doubles the gradients it passes upstream, this one hands each input its exact
 * gradient. The work is done by {@link DotInteractionRuntime}.
 *
 * <p>Masks are ignored, as Keras's DotInteraction ignores them; the output carries none.
 */
public class DotInteractionVertex extends BaseGraphVertex {

    private final DotInteraction config;
    private final DotInteractionRuntime runtime;

    /** Made by {@link DotInteraction#instantiate}; computes in {@code dataType}. */
    public DotInteractionVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType,
                                DotInteraction config) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.config = config;
        this.runtime = new DotInteractionRuntime(config.isSelfInteraction(), config.isSkipGather(),
                config.getStackedInputFormat(), dataType, "DotInteraction vertex '" + name + "'");
    }

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
        return runtime.forward(inputs, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(this + ": epsilon not set");
        }
        return new Pair<>(null, runtime.backward(inputs, epsilon, workspaceMgr));
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
        return new Pair<>(null, currentMaskState);   // Keras's DotInteraction ignores masks; so do we
    }

    @Override
    public String toString() {
        return "DotInteractionVertex(id=" + vertexIndex + ", name=\"" + vertexName + "\", " + config + ")";
    }
}
