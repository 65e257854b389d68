package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.DotInteractionRuntime;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
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
public class DotInteractionVertex extends HandWrittenVertex {

    private final DotInteraction config;
    private final DotInteractionRuntime runtime;

    /** Made by {@link DotInteraction#instantiate}; computes in {@code dataType}. */
    public DotInteractionVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType,
                                DotInteraction config) {
        super(graph, name, vertexIndex, dataType);
        this.config = config;
        this.runtime = new DotInteractionRuntime(config.isSelfInteraction(), config.isSkipGather(),
                config.getStackedInputFormat(), dataType, "DotInteraction vertex '" + name + "'");
    }

    @Override
    protected INDArray output(LayerWorkspaceMgr workspaceMgr) {
        return runtime.forward(inputs, workspaceMgr);
    }

    @Override
    protected Pair<Gradient, INDArray[]> gradients(LayerWorkspaceMgr workspaceMgr) {
        return new Pair<>(null, runtime.backward(inputs, epsilon, workspaceMgr));
    }

    @Override
    public String toString() {
        return "DotInteractionVertex(id=" + vertexIndex + ", name=\"" + vertexName + "\", " + config + ")";
    }
}
