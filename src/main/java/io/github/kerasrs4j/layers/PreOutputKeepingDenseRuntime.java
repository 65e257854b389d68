package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's dense runtime, whose training forward pass keeps a copy of its pre-activation (x·W+b, masked), taken
 * before the activation function overwrites it, for the backward pass: DL4J's backward pass multiplies x·W again.
 * The copy is used when it was made from the same input array, weights, bias and mask in the same iteration and
 * epoch, and its workspace is still open at the same generation (in {@code fit} it lives in the ACTIVATIONS
 * workspace, which stays open until the backward pass is done); otherwise the backward pass computes it as DL4J's
 * does. It is used once, then dropped. The product itself is DL4J's, so every number is DL4J's.
 * With layer normalization ({@code hasLayerNorm}) DL4J's own code runs unchanged.
 */
public class PreOutputKeepingDenseRuntime extends DenseLayer {

    private INDArray keptPreOutput;
    private INDArray keptInput;
    private INDArray keptWeights;
    private INDArray keptBias;
    private INDArray keptMask;
    private int keptIteration;
    private int keptEpoch;

    public PreOutputKeepingDenseRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
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
            INDArray kept = takeKept(weights(training, workspaceMgr), bias(training, workspaceMgr));
            if (kept != null) {
                return new Pair<>(kept, kept);
            }
            return super.preOutputWithPreNorm(training, true, workspaceMgr);
        }
        forgetKept();
        Pair<INDArray, INDArray> product = super.preOutputWithPreNorm(training, false, workspaceMgr);
        if (training) {
            // In training the noisy weights are stored, so asking again draws nothing.
            keep(product.getFirst(), weights(true, workspaceMgr), bias(true, workspaceMgr), workspaceMgr);
        }
        return product;
    }

    private INDArray weights(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
    }

    private INDArray bias(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr);
    }

    private void keep(INDArray preOutput, INDArray weights, INDArray bias, LayerWorkspaceMgr workspaceMgr) {
        // A copy: the activation function overwrites preOutput in place.
        keptPreOutput = workspaceMgr.dup(ArrayType.ACTIVATIONS, preOutput);
        keptInput = input;
        keptWeights = weights;
        keptBias = bias;
        keptMask = maskArray;
        keptIteration = getIterationCount();
        keptEpoch = getEpochCount();
    }

    /** The kept pre-activation if it is still this step's and readable, else null; either way it is dropped. */
    private INDArray takeKept(INDArray weights, INDArray bias) {
        INDArray kept = keptPreOutput;
        boolean current = kept != null && keptInput == input && keptWeights == weights && keptBias == bias
                && keptMask == maskArray && keptIteration == getIterationCount() && keptEpoch == getEpochCount()
                && stillReadable(kept);
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
