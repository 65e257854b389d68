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
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The runtime of {@link DotInteraction} in a ComputationGraph: validates and stacks the inputs,
 * runs {@link DotInteractionKernel}, and hands each input its exact gradient (a runtime of our own:
 * DL4J's stock SameDiff vertex runtime doubles the gradients it passes upstream).
 *
 * <p>Masks are ignored, as Keras's DotInteraction ignores them; the output carries none.
 */
public class DotInteractionVertex extends BaseGraphVertex {

    private final DotInteraction config;
    private DotInteractionKernel kernel;
    /** The inputs the forward pass stacked, and the X it made of them, so backward need not stack again. */
    private INDArray[] stackedFrom;
    private INDArray lastStacked;

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
            throw new IllegalStateException(where() + ": inputs not set");
        }
        INDArray stacked = stackInputs();
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{stacked.size(0), kernel.outputSize()}, 'c');
        kernel.forward(stacked, output);
        return output;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(where() + ": epsilon not set");
        }
        // X as the forward pass stacked it, unless the inputs changed since.
        INDArray stacked = Arrays.equals(inputs, stackedFrom) ? lastStacked : stackInputs();
        INDArray upstream = epsilon.castTo(dataType);
        long batch = stacked.size(0);
        INDArray[] gradients = new INDArray[inputs.length];
        if (inputs.length == 1 && (inputs[0].rank() == 2 || !isNcw())) {
            gradients[0] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, inputs[0].shape(), 'c');
            kernel.backward(stacked, upstream, gradients[0].reshape('c', stacked.shape()));
            return new Pair<>(null, gradients);
        }
        INDArray stackedGradient = kernel.scratch().get("inputGradient", stacked.shape());
        kernel.backward(stacked, upstream, stackedGradient);
        if (inputs.length == 1) {   // NCW: [batch, D, F]
            gradients[0] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, inputs[0].shape(), 'c');
            gradients[0].assign(stackedGradient.permute(0, 2, 1));
            return new Pair<>(null, gradients);
        }
        long dim = stacked.size(2);
        for (int i = 0; i < inputs.length; i++) {
            gradients[i] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                    new long[]{batch, dim}, 'c');
            RunCopy.copyRuns(stackedGradient, i * dim, inputs.length * dim, gradients[i], 0, dim, dim, batch);
        }
        return new Pair<>(null, gradients);
    }

    /** The inputs as X [batch, F, D] in this vertex's data type: the input itself when it already is. */
    private INDArray stackInputs() {
        validateInputs();
        INDArray first = inputs[0];
        int numFeatures = inputs.length > 1 ? inputs.length : first.rank() == 2 ? 1 : (int) first.size(isNcw() ? 2 : 1);
        if (kernel == null || !kernel.fits(numFeatures, dataType)) {
            kernel = new DotInteractionKernel(config.layout(numFeatures), dataType);
        }
        INDArray stacked;
        if (inputs.length > 1) {
            long batch = first.size(0);
            long dim = first.size(1);
            stacked = kernel.scratch().get("stacked", batch, numFeatures, dim);
            for (int i = 0; i < inputs.length; i++) {
                INDArray feature = RunCopy.contiguous(inputs[i].castTo(dataType));
                RunCopy.copyRuns(feature, 0, dim, stacked, i * dim, numFeatures * dim, dim, batch);
            }
        } else {
            INDArray in = first.castTo(dataType);
            INDArray shaped = in.rank() == 2 ? in.reshape(in.size(0), 1, in.size(1)) : isNcw() ? in.permute(0, 2, 1) : in;
            stacked = RunCopy.contiguous(shaped);
        }
        stackedFrom = inputs.clone();
        lastStacked = stacked;
        return stacked;
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
