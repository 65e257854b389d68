package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.FeatureCrossPasses;
import io.github.kerasrs4j.runtime.RunCopy;
import io.github.kerasrs4j.runtime.ScratchArrays;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;

/**
 * FeatureCross's forward and backward in ND4J, written out by hand:
 *
 * <pre>
 *   h = x W + b  (or (x U) V + b),   s = act(h) + diagScale * x,   y = x0 * s + x
 *   dx0 = g * s,   dh = act'(h) * (g * x0),   dW = xᵀ dh,   db = Σ dh,
 *   dx  = dh Wᵀ + diagScale * (g * x0) + g      (dV = (xU)ᵀ dh, dU = xᵀ (dh Vᵀ), dx = (dh Vᵀ) Uᵀ + ...)
 * </pre>
 *
 * With one input (x = x0) its gradient is the sum of both. The backward reuses what the forward of the
 * same input arrays computed (h, act(h), x U; the passes add s up again from its terms), so a training
 * step costs the matrix products, which write into working arrays kept between calls, and one
 * element-wise pass each way ({@link FeatureCrossPasses}); a pre_activation other than identity adds
 * its own ND4J ops. Not thread-safe, like the vertex that owns it.
 */
final class FeatureCrossRuntime {

    private final FeatureCross config;
    private final IActivation activation;
    private final boolean identity;
    private final DataType dataType;
    private final String owner;
    private final ScratchArrays scratch;
    private final FeatureCrossPasses passes;

    /** The inputs whose intermediates the scratch arrays hold; null when they hold none. */
    private INDArray[] cachedInputs;
    private INDArray projected;
    private INDArray preActivation;
    private FeatureCrossPasses.Scale scale;

    FeatureCrossRuntime(FeatureCross config, DataType dataType, String owner) {
        this.config = config;
        this.activation = config.getPreActivation().getActivationFunction();
        this.identity = config.getPreActivation() == Activation.IDENTITY;
        this.dataType = dataType;
        this.owner = owner;
        this.scratch = new ScratchArrays(dataType);
        this.passes = FeatureCrossPasses.of(dataType);
    }

    /** y [batch, d], in the activations workspace. */
    INDArray forward(INDArray[] inputs, Map<String, INDArray> params, LayerWorkspaceMgr workspaceMgr) {
        INDArray x0 = input(inputs, 0);
        INDArray x = input(inputs, inputs.length - 1);
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x0.shape(), 'c');
        computeScale(inputs, x0, x, params, output);
        return output;
    }

    /**
     * dL/dx0 (and dL/dx), in the activation-gradients workspace; writes each parameter's gradient into
     * {@code gradients}, keyed as the parameters.
     */
    INDArray[] backward(INDArray[] inputs, INDArray epsilon, Map<String, INDArray> params,
                        Map<String, INDArray> gradients, LayerWorkspaceMgr workspaceMgr) {
        INDArray x0 = input(inputs, 0);
        INDArray x = input(inputs, inputs.length - 1);
        INDArray g = RunCopy.contiguous(epsilon.castTo(dataType));
        if (!Arrays.equals(g.shape(), x0.shape())) {
            throw new IllegalArgumentException(owner + " got an output gradient of shape " + Arrays.toString(g.shape())
                    + " for an output of shape " + Arrays.toString(x0.shape()));
        }
        if (!isCachedFor(inputs)) {
            computeScale(inputs, x0, x, params, scratch.get("output", x0.shape()));
        }
        cachedInputs = null;   // the activation's backprop overwrites h

        long batch = x0.size(0);
        long d = x0.size(1);
        boolean oneInput = inputs.length == 1;
        INDArray gradX0 = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x0.shape(), 'c');
        // With one input, x is x0: its gradient accumulates onto dx0's.
        INDArray gradX = oneInput ? gradX0
                : workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        INDArray gradScale = scratch.get("gradScale", batch, d);
        INDArray gradBias = config.isUseBias() ? gradients.get(FeatureCross.BIAS) : null;
        passes.backward(g, x0, scale, gradScale, gradX0, oneInput ? null : gradX, identity ? gradBias : null);
        INDArray gradH = gradScale;
        if (!identity) {
            gradH = activation.backprop(preActivation, gradScale).getFirst();
            if (gradBias != null) {
                gradBias.assign(gradH.sum(0));
            }
        }

        // The products add onto the element-wise part of dx that the pass wrote.
        if (config.getProjectionDim() == null) {
            INDArray kernel = params.get(FeatureCross.KERNEL);
            Nd4j.gemm(x, gradH, gradients.get(FeatureCross.KERNEL), true, false, 1, 0);
            Nd4j.gemm(gradH, kernel, gradX, false, true, 1, 1);
        } else {
            INDArray gradProjected = scratch.get("gradProjected", batch, config.getProjectionDim());
            Nd4j.gemm(projected, gradH, gradients.get(FeatureCross.UP_PROJECTION), true, false, 1, 0);
            Nd4j.gemm(gradH, params.get(FeatureCross.UP_PROJECTION), gradProjected, false, true, 1, 0);
            Nd4j.gemm(x, gradProjected, gradients.get(FeatureCross.DOWN_PROJECTION), true, false, 1, 0);
            Nd4j.gemm(gradProjected, params.get(FeatureCross.DOWN_PROJECTION), gradX, false, true, 1, 1);
        }
        return oneInput ? new INDArray[]{gradX0} : new INDArray[]{gradX0, gradX};
    }

    /** Fills {@link #scale}'s terms (and h, x U) for these inputs, and writes their output y into {@code output}. */
    private void computeScale(INDArray[] inputs, INDArray x0, INDArray x, Map<String, INDArray> params,
                              INDArray output) {
        long batch = x.size(0);
        long d = x.size(1);
        preActivation = scratch.get("preActivation", batch, d);
        if (config.getProjectionDim() == null) {
            Nd4j.gemm(x, params.get(FeatureCross.KERNEL), preActivation, false, false, 1, 0);
        } else {
            projected = scratch.get("projected", batch, config.getProjectionDim());
            Nd4j.gemm(x, params.get(FeatureCross.DOWN_PROJECTION), projected, false, false, 1, 0);
            Nd4j.gemm(projected, params.get(FeatureCross.UP_PROJECTION), preActivation, false, false, 1, 0);
        }
        INDArray bias = config.isUseBias() ? params.get(FeatureCross.BIAS) : null;
        INDArray activated = preActivation;   // with no activation, the passes add the bias to x W as they go
        if (!identity) {
            if (bias != null) {
                preActivation.addiRowVector(bias);
                bias = null;
            }
            // The activation works in place; h itself is kept for the activation's derivative.
            activated = activation.getActivation(scratch.get("activated", batch, d).assign(preActivation), true);
        }
        scale = new FeatureCrossPasses.Scale(activated, bias, config.getDiagScale(), x);
        passes.forward(scale, x0, output);
        cachedInputs = inputs.clone();
    }

    private boolean isCachedFor(INDArray[] inputs) {
        if (cachedInputs == null || cachedInputs.length != inputs.length) {
            return false;
        }
        for (int i = 0; i < inputs.length; i++) {
            if (cachedInputs[i] != inputs[i]) {
                return false;
            }
        }
        return true;
    }

    /** Input i, checked, in the runtime's data type and c order. */
    private INDArray input(INDArray[] inputs, int i) {
        if (inputs.length < 1 || inputs.length > 2) {
            throw new IllegalArgumentException(owner + " takes one input (x0) or two (x0, x), got " + inputs.length);
        }
        INDArray in = inputs[i];
        String name = i == 0 ? "x0" : "x";
        long d = config.getInputSize();
        if (in.rank() != 2 || in.size(1) != d || in.size(0) < 1) {
            throw new IllegalArgumentException(owner + " input " + i + " (" + name + ") has shape "
                    + Arrays.toString(in.shape()) + ": expected [batch, " + d + "]");
        }
        if (i == 1 && in.size(0) != inputs[0].size(0)) {
            throw new IllegalArgumentException(owner + ": x0 and x should have the same shape; got x0 "
                    + Arrays.toString(inputs[0].shape()) + ", x " + Arrays.toString(in.shape()));
        }
        return RunCopy.contiguous(in.castTo(dataType));
    }
}
