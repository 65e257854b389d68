package io.github.kerasrs4j.testing;

import io.github.kerasrs4j.layers.DotInteraction;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs DotInteraction's runtime vertex on its own, as a ComputationGraph would. */
public final class VertexRunner {

    private final GraphVertex vertex;
    private final LayerWorkspaceMgr workspaceMgr;

    /** A runner without workspaces: every array it returns is detached. */
    public VertexRunner(DotInteraction config, DataType dataType, int numInputs) {
        this(config, dataType, numInputs, LayerWorkspaceMgr.noWorkspaces());
    }

    /** A runner whose arrays go where {@code workspaceMgr} puts them, as in a ComputationGraph. */
    public VertexRunner(DotInteraction config, DataType dataType, int numInputs, LayerWorkspaceMgr workspaceMgr) {
        this.workspaceMgr = workspaceMgr;
        vertex = config.instantiate(null, "interaction", 0, null, false, dataType);
        VertexIndices[] in = new VertexIndices[numInputs];
        for (int i = 0; i < numInputs; i++) {
            in[i] = new VertexIndices(i, 0);
        }
        vertex.setInputVertices(in);
    }

    public INDArray forward(INDArray... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            vertex.setInput(i, inputs[i], workspaceMgr);
        }
        return vertex.doForward(true, workspaceMgr);
    }

    /** The gradient for each input after {@link #forward}, given dL/dOutput. */
    public INDArray[] backward(INDArray upstreamGradient) {
        vertex.setEpsilon(upstreamGradient);
        return vertex.doBackward(false, workspaceMgr).getSecond();
    }
}
