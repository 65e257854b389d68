package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Stack;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * The runtime of {@link DotInteraction} in a ComputationGraph: validates and stacks the inputs,
 * runs the forward graph, and hands each input its exact gradient (not DL4J's doubled one).
 *
 * <p>Masks are ignored, as Keras's DotInteraction ignores them; the output carries none.
 */
public class DotInteractionVertex extends BaseGraphVertex {

    private final DotInteraction config;
    private DotInteractionGraph computation;

    public DotInteractionVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType,
                                DotInteraction config) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.config = config;
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
            throw new IllegalStateException("DotInteraction vertex '" + vertexName + "': inputs not set");
        }
        INDArray stacked = stackInputs();
        INDArray output;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            output = computation(stacked).output(stacked);
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, output);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("DotInteraction vertex '" + vertexName + "': epsilon not set");
        }
        INDArray stacked = stackInputs();
        INDArray gradient;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            gradient = computation(stacked).inputGradient(stacked, epsilon.castTo(dataType));
        }
        return new Pair<>(null, splitGradient(gradient, workspaceMgr));
    }

    private DotInteractionGraph computation(INDArray stacked) {
        int numFeatures = (int) stacked.size(1);
        if (computation == null || !computation.fits(numFeatures, dataType)) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                computation = new DotInteractionGraph(config, numFeatures, dataType);
            }
        }
        return computation;
    }

    /** The inputs as one detached X [batch, F, D] in this vertex's data type. */
    private INDArray stackInputs() {
        validateInputs();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (inputs.length == 1) {
                INDArray in = inputs[0].castTo(dataType);
                if (in.rank() == 2) {
                    return in.reshape('c', in.size(0), 1, in.size(1)).dup('c');
                }
                return (isNcw() ? in.permute(0, 2, 1) : in).dup('c');
            }
            INDArray[] features = new INDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                features[i] = inputs[i].castTo(dataType);
            }
            INDArray stacked = Nd4j.create(dataType, features[0].size(0), features.length, features[0].size(1));
            Nd4j.exec(new Stack(features, stacked, 1));
            return stacked;
        }
    }

    /** dL/dX [batch, F, D] back into one gradient per input, in the inputs' shapes. */
    private INDArray[] splitGradient(INDArray gradient, LayerWorkspaceMgr workspaceMgr) {
        if (inputs.length == 1) {
            INDArray in = inputs[0];
            INDArray shaped = in.rank() == 2 ? gradient.reshape('c', in.size(0), in.size(1))
                    : isNcw() ? gradient.permute(0, 2, 1) : gradient;
            return new INDArray[]{workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, shaped, 'c')};
        }
        INDArray[] perInput = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            INDArray slice = gradient.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all());
            perInput[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, slice, 'c');
        }
        return perInput;
    }

    private boolean isNcw() {
        return config.getStackedInputFormat() != RNNFormat.NWC;   // DL4J's default layout for recurrent data
    }

    private void validateInputs() {
        if (inputs.length == 1) {
            INDArray in = inputs[0];
            if (in.rank() != 2 && in.rank() != 3) {
                throw new IllegalArgumentException(where() + " input 0 has rank " + in.rank() + ", shape "
                        + Arrays.toString(in.shape()) + ": expected [batch, D] per feature, or one stacked input "
                        + (isNcw() ? "[batch, D, F] (NCW)" : "[batch, F, D] (NWC)"));
            }
            config.layout(in.rank() == 2 ? 1 : (int) in.size(isNcw() ? 2 : 1));
            return;
        }
        long[] first = inputs[0].shape();
        for (int i = 0; i < inputs.length; i++) {
            long[] shape = inputs[i].shape();
            if (shape.length != 2) {
                throw new IllegalArgumentException(where() + " input " + i + " has rank " + shape.length + ", shape "
                        + Arrays.toString(shape) + ": with " + inputs.length + " inputs each must be [batch, D]");
            }
            if (!Arrays.equals(shape, first)) {
                throw new IllegalArgumentException(where() + " input " + i + " has shape " + Arrays.toString(shape)
                        + " but input 0 has shape " + Arrays.toString(first) + ": all inputs must have one shape");
            }
        }
    }

    private String where() {
        return "DotInteraction vertex '" + vertexName + "'";
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException(where() + " has no parameters, so no gradient view");
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
