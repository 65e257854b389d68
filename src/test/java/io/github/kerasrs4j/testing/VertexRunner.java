package io.github.kerasrs4j.testing;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Runs a vertex config's runtime on its own, as a ComputationGraph would, parameters included. */
public final class VertexRunner {

    private final GraphVertex vertex;
    private final LayerWorkspaceMgr workspaceMgr;
    private Gradient lastGradient;

    /** A runner without workspaces: every array it returns is detached. */
    public VertexRunner(org.deeplearning4j.nn.conf.graph.GraphVertex config, DataType dataType, int numInputs) {
        this(config, dataType, numInputs, LayerWorkspaceMgr.noWorkspaces());
    }

    /**
     * A runner whose arrays go where {@code workspaceMgr} puts them, as in a ComputationGraph; a vertex
     * with parameters gets them freshly initialized, and a gradient view.
     */
    public VertexRunner(org.deeplearning4j.nn.conf.graph.GraphVertex config, DataType dataType, int numInputs,
                        LayerWorkspaceMgr workspaceMgr) {
        this.workspaceMgr = workspaceMgr;
        long numParams = config.numParams(true);
        INDArray params = numParams == 0 ? null : Nd4j.create(dataType, 1, numParams);
        vertex = config.instantiate(null, "vertex", 0, params, true, dataType);
        if (numParams > 0) {
            vertex.setBackpropGradientsViewArray(Nd4j.create(dataType, 1, numParams));
        }
        VertexIndices[] in = new VertexIndices[numInputs];
        for (int i = 0; i < numInputs; i++) {
            in[i] = new VertexIndices(i, 0);
        }
        vertex.setInputVertices(in);
    }

    /** The runtime vertex, for its parameters. */
    public GraphVertex vertex() {
        return vertex;
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
        var result = vertex.doBackward(false, workspaceMgr);
        lastGradient = result.getFirst();
        return result.getSecond();
    }

    /** The parameter gradients of the last {@link #backward}, by parameter key; null for a vertex without. */
    public Gradient parameterGradients() {
        return lastGradient;
    }
}
