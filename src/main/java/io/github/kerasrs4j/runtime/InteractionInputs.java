package io.github.kerasrs4j.runtime;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The F features of one call in the form they came, each array in the runtime's data type and in
 * c order without gaps: several arrays, each [batch, D] (one feature) or [batch, k, D] (k features
 * stacked, NWC), whose features follow each other in input order (also one rank-2 input, F = 1); or
 * one stacked array [batch, F, D] (NWC) or [batch, D, F] (NCW). Kernels read X [batch, F, D] through
 * it and write the input gradients in the same form.
 */
final class InteractionInputs {

    /** NWC or NCW for one stacked input; null for separate inputs. */
    final RNNFormat stackedInputFormat;
    final INDArray[] arrays;
    /** For separate inputs, how many features each array holds: 1 for [batch, D], k for [batch, k, D]. */
    final int[] featureCounts;
    final long batch;
    final int numFeatures;
    final long dim;

    /**
     * {@code inputs} must have been validated: one array of rank 2 or 3, or several of rank 2 ([batch, D]) or
     * rank 3 ([batch, k, D]) with one batch and one D.
     */
    InteractionInputs(INDArray[] inputs, RNNFormat stackedInputFormat, DataType dataType) {
        INDArray first = inputs[0];
        this.stackedInputFormat = inputs.length > 1 || first.rank() == 2 ? null
                : stackedInputFormat == RNNFormat.NWC ? RNNFormat.NWC : RNNFormat.NCW;
        arrays = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            arrays[i] = RunCopy.contiguous(inputs[i].castTo(dataType));
        }
        batch = first.size(0);
        if (separate()) {
            featureCounts = new int[inputs.length];
            int features = 0;
            for (int i = 0; i < inputs.length; i++) {
                featureCounts[i] = inputs[i].rank() == 2 ? 1 : (int) inputs[i].size(1);
                features += featureCounts[i];
            }
            numFeatures = features;
        } else {
            featureCounts = null;
            numFeatures = (int) first.size(transposed() ? 2 : 1);
        }
        dim = transposed() ? first.size(1) : first.size(first.rank() - 1);
    }

    /** Whether the features came in separate arrays, [batch, D] or [batch, k, D] each (see {@link #featureCounts}). */
    boolean separate() {
        return stackedInputFormat == null;
    }

    /** Whether the features came as F separate arrays [batch, D], one feature each. */
    boolean oneFeaturePerArray() {
        return separate() && arrays.length == numFeatures;
    }

    /** Whether row i of sample b's X is read from {@link #arrays}[0] across its last axis (NCW). */
    boolean transposed() {
        return stackedInputFormat == RNNFormat.NCW;
    }

    /** Arrays for the input gradients, shaped as the inputs, in the activation-gradients workspace. */
    INDArray[] newGradients(LayerWorkspaceMgr workspaceMgr) {
        INDArray[] gradients = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            gradients[i] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, arrays[i].dataType(),
                    arrays[i].shape(), 'c');
        }
        return gradients;
    }

    /** X [batch, F, D]: the input itself when it is NWC, else a copy in {@code scratch}. */
    INDArray stacked(ScratchArrays scratch) {
        if (!separate()) {
            return transposed() ? scratch.get("stacked", batch, numFeatures, dim).assign(arrays[0].permute(0, 2, 1))
                    : arrays[0];
        }
        INDArray stacked = scratch.get("stacked", batch, numFeatures, dim);
        long first = 0;
        for (int i = 0; i < arrays.length; i++) {
            long run = featureCounts[i] * dim;
            RunCopy.copyRuns(arrays[i], 0, run, stacked, first * dim, numFeatures * dim, run, batch);
            first += featureCounts[i];
        }
        return stacked;
    }

    /** Writes dX [batch, F, D] into {@code gradients}, shaped as the inputs. */
    void unstack(INDArray stackedGradient, INDArray[] gradients) {
        if (!separate()) {
            gradients[0].assign(transposed() ? stackedGradient.permute(0, 2, 1) : stackedGradient);
            return;
        }
        long first = 0;
        for (int i = 0; i < arrays.length; i++) {
            long run = featureCounts[i] * dim;
            RunCopy.copyRuns(stackedGradient, first * dim, numFeatures * dim, gradients[i], 0, run, run, batch);
            first += featureCounts[i];
        }
    }
}
