package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.DenseKernel;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's dense runtime with a cheaper training step.
 *
 * <p>With ReLU or the identity, no layer normalization, no mask, FLOAT or DOUBLE on the CPU backend (the fast
 * path), forward and backward passes run on {@link DenseKernel}: one BLAS call per product, written straight into
 * the row-major array DL4J works with, and one pass over the rows for bias and ReLU, and one for ReLU's derivative
 * and the bias gradient. The product x·W of a training forward pass is kept (before bias and ReLU) for the
 * backward pass's ReLU derivative. Dropout, weight noise and regularization run as DL4J's do around it.
 *
 * <p>Otherwise (another activation, layer normalization, a mask, another data type or backend) DL4J's own code
 * runs, except that its training forward pass keeps a copy of its pre-activation (x·W+b, masked), taken before
 * the activation function overwrites it, for the backward pass, where DL4J's multiplies x·W again.
 *
 * <p>Either way a kept array is used when it was made by the same path from the same input array, weights, bias
 * and mask in the same iteration and epoch, and its workspace is still open at the same generation (in {@code fit}
 * it lives in the ACTIVATIONS workspace, which stays open until the backward pass is done); otherwise the backward
 * pass computes it again. It is used once, then dropped.
 */
public class PreOutputKeepingDenseRuntime extends DenseLayer {

    private static final IActivation PLAIN_RELU = new ActivationReLU();

    private DenseKernel kernel;
    private INDArray keptPreOutput;
    private boolean keptByKernel;
    private INDArray keptInput;
    private INDArray keptWeights;
    private INDArray keptBias;
    private INDArray keptMask;
    private int keptIteration;
    private int keptEpoch;

    public PreOutputKeepingDenseRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * Whether the next pass runs on {@link DenseKernel}; else on DL4J's code (which also takes the networks whose
     * parameters or activations pass 2 GiB, that the kernel cannot address).
     */
    boolean onKernel() {
        IActivation activation = layerConf().getActivationFn();
        long nIn = layerConf().getNIn();
        return !hasLayerNorm() && maskArray == null && (relu() || activation instanceof ActivationIdentity)
                && DenseKernel.supports(dataType) && input != null && input.dataType() == dataType
                && input.rank() == 2 && input.size(1) == nIn
                && DenseKernel.addressable(dataType, input.size(0) * Math.max(nIn, layerConf().getNOut()), input,
                params(), getGradientsViewArray());
    }

    private boolean relu() {
        return PLAIN_RELU.equals(layerConf().getActivationFn());
    }

    private DenseKernel kernel() {
        if (kernel == null) {
            kernel = new DenseKernel(dataType);
        }
        return kernel;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!onKernel()) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        forgetKept();
        INDArray weights = weights(training, workspaceMgr);
        INDArray bias = bias(training, workspaceMgr);
        INDArray product = product(weights, ArrayType.ACTIVATIONS, workspaceMgr);
        INDArray out = product;
        if (training && relu()) {
            out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, product.shape(), 'c');
            keep(product, true, weights, bias);
        }
        kernel().addBiasAndActivate(product, bias, relu(), out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!onKernel()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        applyDropOutIfNecessary(true, workspaceMgr);   // done already in a training forward pass: draws nothing
        INDArray weights = weights(true, workspaceMgr);
        INDArray bias = bias(true, workspaceMgr);
        INDArray delta = epsilon;
        INDArray product = null;
        if (relu()) {
            product = takeKept(true, weights, bias);
            if (product == null) {
                product = product(weights, ArrayType.BP_WORKING_MEM, workspaceMgr);
            }
            delta = product;   // the product is needed no more: the gradient before ReLU goes over it
        }
        Gradient gradient = new DefaultGradient();
        INDArray biasGradient = hasBias() ? gradientViews.get(DefaultParamInitializer.BIAS_KEY) : null;
        kernel().activationGradient(product, bias, relu(), epsilon, delta, biasGradient);
        if (biasGradient != null) {
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
        }
        INDArray weightGradient = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[]{input.size(0), weights.size(0)}, 'c');
        kernel().backwardProducts(input, weights, delta, weightGradient, epsilonNext);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
        clearNoiseWeightParams();
        return new Pair<>(gradient, backpropDropOutIfPresent(epsilonNext));
    }

    /** x·W [batch, nOut], c order, in a new array of {@code arrayType}. */
    private INDArray product(INDArray weights, ArrayType arrayType, LayerWorkspaceMgr workspaceMgr) {
        INDArray product = workspaceMgr.createUninitialized(arrayType, dataType,
                new long[]{input.size(0), weights.size(1)}, 'c');
        kernel().multiply(input, weights, product);
        return product;
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                            LayerWorkspaceMgr workspaceMgr) {
        if (hasLayerNorm()) {
            return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
        }
        if (forBackprop) {
            // What DL4J's preOutputWithPreNorm does first; once done, it does not draw dropout or weight noise again.
            assertInputSet(true);
            applyDropOutIfNecessary(training, workspaceMgr);
            INDArray kept = takeKept(false, weights(training, workspaceMgr), bias(training, workspaceMgr));
            if (kept != null) {
                return new Pair<>(kept, kept);
            }
            return super.preOutputWithPreNorm(training, true, workspaceMgr);
        }
        forgetKept();
        Pair<INDArray, INDArray> product = super.preOutputWithPreNorm(training, false, workspaceMgr);
        if (training) {
            // In training the noisy weights are stored, so asking again draws nothing. A copy: the activation
            // function overwrites preOutput in place.
            keep(workspaceMgr.dup(ArrayType.ACTIVATIONS, product.getFirst()), false, weights(true, workspaceMgr),
                    bias(true, workspaceMgr));
        }
        return product;
    }

    private INDArray weights(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
    }

    private INDArray bias(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return hasBias() ? getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
    }

    /** @param byKernel whether {@code preOutput} is the kernel's x·W, or DL4J's x·W+b, masked */
    private void keep(INDArray preOutput, boolean byKernel, INDArray weights, INDArray bias) {
        keptPreOutput = preOutput;
        keptByKernel = byKernel;
        keptInput = input;
        keptWeights = weights;
        keptBias = bias;
        keptMask = maskArray;
        keptIteration = getIterationCount();
        keptEpoch = getEpochCount();
    }

    /**
     * The kept array if the path {@code byKernel} made it for this step and it is still readable, else null;
     * either way it is dropped.
     */
    private INDArray takeKept(boolean byKernel, INDArray weights, INDArray bias) {
        INDArray kept = keptPreOutput;
        boolean current = kept != null && keptByKernel == byKernel && keptInput == input && keptWeights == weights
                && keptBias == bias && keptMask == maskArray && keptIteration == getIterationCount()
                && keptEpoch == getEpochCount() && stillReadable(kept);
        forgetKept();
        return current ? kept : null;
    }

    /** False for an array whose workspace has been closed, or closed and reopened since; and for a circular one. */
    private static boolean stillReadable(INDArray array) {
        if (!array.isAttached()) {
            return true;
        }
        MemoryWorkspace workspace = array.data().getParentWorkspace();
        return workspace.getWorkspaceType() != MemoryWorkspace.Type.CIRCULAR && workspace.isScopeActive()
                && workspace.getGenerationId() == array.data().getGenerationId();
    }

    private void forgetKept() {
        keptPreOutput = null;
        keptInput = null;
        keptWeights = null;
        keptBias = null;
        keptMask = null;
    }

    @Override
    public void clear() {
        super.clear();
        forgetKept();
    }
}
