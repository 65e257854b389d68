package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.InteractionLayout;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * What the vertex and the layer share: checks the inputs, stacks them into X [batch, F, D], runs
 * {@link DotInteractionKernel}, and hands each input its gradient in its own shape.
 *
 * <p>Inputs are F arrays [batch, D], or one: [batch, D] (F = 1), or already stacked as
 * [batch, F, D] (NWC) or [batch, D, F] (NCW). Not thread-safe, like the DL4J layer that owns it.
 */
final class DotInteractionRuntime {

    private final boolean selfInteraction;
    private final boolean skipGather;
    private final RNNFormat stackedFormat;
    private final DataType dataType;
    private final String owner;
    private DotInteractionKernel kernel;
    /** The inputs the last forward pass stacked, and the X it made, so backward need not stack again. */
    private INDArray[] stackedFrom;
    private INDArray lastStacked;

    /**
     * @param stackedFormat layout of a single rank-3 input; null means NCW, DL4J's default
     * @param owner         how errors name the vertex or layer, e.g. "DotInteraction vertex 'interaction'"
     */
    DotInteractionRuntime(boolean selfInteraction, boolean skipGather, RNNFormat stackedFormat, DataType dataType,
                          String owner) {
        this.selfInteraction = selfInteraction;
        this.skipGather = skipGather;
        this.stackedFormat = stackedFormat == null ? RNNFormat.NCW : stackedFormat;
        this.dataType = dataType;
        this.owner = owner;
    }

    /** The interactions [batch, k], in the activations workspace. */
    INDArray forward(INDArray[] inputs, LayerWorkspaceMgr workspaceMgr) {
        INDArray stacked = stack(inputs);
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{stacked.size(0), kernel.outputSize()}, 'c');
        kernel.forward(stacked, output);
        return output;
    }

    /** dL/dInput for each input, in its shape, in the activation-gradients workspace. */
    INDArray[] backward(INDArray[] inputs, INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray stacked = sameArrays(inputs, stackedFrom) ? lastStacked : stack(inputs);
        INDArray upstream = epsilon.castTo(dataType);
        INDArray[] gradients = new INDArray[inputs.length];
        if (inputs.length == 1 && (inputs[0].rank() == 2 || stackedFormat == RNNFormat.NWC)) {
            gradients[0] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, inputs[0].shape(), 'c');
            kernel.backward(stacked, upstream, gradients[0].reshape('c', stacked.shape()));
            return gradients;
        }
        INDArray stackedGradient = kernel.scratch().get("inputGradient", stacked.shape());
        kernel.backward(stacked, upstream, stackedGradient);
        if (inputs.length == 1) {   // NCW: [batch, D, F]
            gradients[0] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, inputs[0].shape(), 'c');
            gradients[0].assign(stackedGradient.permute(0, 2, 1));
            return gradients;
        }
        long batch = stacked.size(0);
        long dim = stacked.size(2);
        for (int i = 0; i < inputs.length; i++) {
            gradients[i] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                    new long[]{batch, dim}, 'c');
            RunCopy.copyRuns(stackedGradient, i * dim, inputs.length * dim, gradients[i], 0, dim, dim, batch);
        }
        return gradients;
    }

    /** Whether both hold the very same array objects (INDArray.equals compares values, within 1e-5). */
    private static boolean sameArrays(INDArray[] a, INDArray[] b) {
        if (b == null || a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** The inputs as X [batch, F, D] in this runtime's data type: the input itself when it already is. */
    private INDArray stack(INDArray[] inputs) {
        validate(inputs);
        INDArray first = inputs[0];
        int numFeatures = inputs.length > 1 ? inputs.length
                : first.rank() == 2 ? 1 : (int) first.size(stackedFormat == RNNFormat.NCW ? 2 : 1);
        if (kernel == null || !kernel.fits(numFeatures, dataType)) {
            kernel = new DotInteractionKernel(new InteractionLayout(numFeatures, selfInteraction, skipGather), dataType);
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
            stacked = RunCopy.contiguous(in.rank() == 2 ? in.reshape(in.size(0), 1, in.size(1))
                    : stackedFormat == RNNFormat.NCW ? in.permute(0, 2, 1) : in);
        }
        stackedFrom = inputs.clone();
        lastStacked = stacked;
        return stacked;
    }

    private void validate(INDArray[] inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException(owner + " has no inputs");
        }
        if (inputs.length == 1) {
            INDArray in = inputs[0];
            if (in.rank() != 2 && in.rank() != 3) {
                throw new IllegalArgumentException(owner + " input 0 has rank " + in.rank() + ", shape "
                        + Arrays.toString(in.shape()) + ": expected [batch, D] per feature, or one stacked input "
                        + (stackedFormat == RNNFormat.NCW ? "[batch, D, F] (NCW)" : "[batch, F, D] (NWC)"));
            }
            return;
        }
        long[] first = inputs[0].shape();
        for (int i = 0; i < inputs.length; i++) {
            long[] shape = inputs[i].shape();
            if (shape.length != 2) {
                throw new IllegalArgumentException(owner + " input " + i + " has rank " + shape.length + ", shape "
                        + Arrays.toString(shape) + ": with " + inputs.length + " inputs each must be [batch, D]");
            }
            if (!Arrays.equals(shape, first)) {
                throw new IllegalArgumentException(owner + " input " + i + " has shape " + Arrays.toString(shape)
                        + " but input 0 has shape " + Arrays.toString(first) + ": all inputs must have one shape");
            }
        }
    }
}
