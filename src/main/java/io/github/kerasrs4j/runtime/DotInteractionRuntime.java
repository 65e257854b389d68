package io.github.kerasrs4j.runtime;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * What the vertex and the layer share: checks the inputs, runs the kernel that suits the backend and
 * data type ({@link KernelFactory#DEFAULT}) on them, and gives each input its gradient in its own
 * shape.
 *
 * <p>Inputs are F arrays [batch, D], or one: [batch, D] (F = 1), or already stacked as
 * [batch, F, D] (NWC) or [batch, D, F] (NCW); or several, each [batch, D] or, when the stacked format
 * is NWC, [batch, k, D] for k features, in input order. Not thread-safe, like the DL4J layer that owns it.
 */
public final class DotInteractionRuntime {

    private final boolean selfInteraction;
    private final boolean skipGather;
    private final RNNFormat stackedInputFormat;
    private final DataType dataType;
    private final String owner;
    private final KernelFactory kernels;
    private InteractionLayout layout;
    private InteractionKernel kernel;

    /**
     * @param stackedInputFormat layout of a single rank-3 input; null means NCW, DL4J's default
     * @param owner         how errors name the vertex or layer, e.g. "DotInteraction vertex 'interaction'"
     */
    public DotInteractionRuntime(boolean selfInteraction, boolean skipGather, RNNFormat stackedInputFormat,
                                 DataType dataType, String owner) {
        this(selfInteraction, skipGather, stackedInputFormat, dataType, owner, KernelFactory.DEFAULT);
    }

    DotInteractionRuntime(boolean selfInteraction, boolean skipGather, RNNFormat stackedInputFormat, DataType dataType,
                          String owner, KernelFactory kernels) {
        this.kernels = kernels;
        this.selfInteraction = selfInteraction;
        this.skipGather = skipGather;
        this.stackedInputFormat = stackedInputFormat == null ? RNNFormat.NCW : stackedInputFormat;
        this.dataType = dataType;
        this.owner = owner;
    }

    /** The interactions [batch, k], in the activations workspace. */
    public INDArray forward(INDArray[] inputs, LayerWorkspaceMgr workspaceMgr) {
        InteractionInputs prepared = prepare(inputs);
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{prepared.batch, layout.outputSize()}, 'c');
        kernel.forward(prepared, output);
        return output;
    }

    /** dL/dInput for each input, in its shape, in the activation-gradients workspace. */
    public INDArray[] backward(INDArray[] inputs, INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        InteractionInputs prepared = prepare(inputs);
        INDArray[] gradients = prepared.newGradients(workspaceMgr);
        kernel.backward(prepared, epsilon.castTo(dataType), gradients);
        return gradients;
    }

    /** The validated inputs, with a kernel for their number of features. */
    private InteractionInputs prepare(INDArray[] inputs) {
        validate(inputs);
        InteractionInputs prepared = new InteractionInputs(inputs, stackedInputFormat, dataType);
        if (layout == null || layout.numFeatures() != prepared.numFeatures) {
            layout = new InteractionLayout(prepared.numFeatures, selfInteraction, skipGather);
            kernel = kernels.create(layout, dataType);
        }
        return prepared;
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
                        + (stackedInputFormat == RNNFormat.NCW ? "[batch, D, F] (NCW)" : "[batch, F, D] (NWC)"));
            }
        }
        long[] first = inputs[0].shape();
        if (inputs.length > 1) {   // [batch, D] per feature, or [batch, k, D] for k features stacked (NWC)
            for (int i = 0; i < inputs.length; i++) {
                long[] shape = inputs[i].shape();
                if (shape.length != 2 && shape.length != 3) {
                    throw new IllegalArgumentException(owner + " input " + i + " has rank " + shape.length + ", shape "
                            + Arrays.toString(shape) + ": with " + inputs.length + " inputs each must be [batch, D], "
                            + "or [batch, k, D] for k features stacked");
                }
                if (shape.length == 3 && stackedInputFormat != RNNFormat.NWC) {
                    throw new IllegalArgumentException(owner + " input " + i + " has rank 3, shape "
                            + Arrays.toString(shape) + ": a stacked input beside others must be [batch, k, D] (NWC), "
                            + "and this one reads stacked input as NCW: configure it with "
                            + "stackedInputFormat(RNNFormat.NWC)");
                }
                if (shape[0] != first[0] || shape[shape.length - 1] != first[first.length - 1]) {
                    throw new IllegalArgumentException(owner + " input " + i + " has shape " + Arrays.toString(shape)
                            + " but input 0 has shape " + Arrays.toString(first)
                            + ": all inputs must have one batch size and one feature size D");
                }
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length() == 0) {
                throw new IllegalArgumentException(owner + " input " + i + " has shape "
                        + Arrays.toString(inputs[i].shape())
                        + ": it is empty; the batch and every feature dimension must be at least 1");
            }
        }
    }
}
