package io.github.kerasrs4j.runtime;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The F features of one call in the form they came, each array in the runtime's data type and in
 * c order without gaps: F separate arrays [batch, D] (also one rank-2 input, F = 1), or one stacked
 * array [batch, F, D] (NWC) or [batch, D, F] (NCW). Kernels read X [batch, F, D] through it and
 * write the input gradients in the same form.
 */
final class InteractionInputs {

    /** NWC or NCW for one stacked input; null for separate inputs. */
    final RNNFormat stackedInputFormat;
    final INDArray[] arrays;
    final long batch;
    final int numFeatures;
    final long dim;

    /** {@code inputs} must have been validated: F arrays of one rank-2 shape, or one of rank 2 or 3. */
    InteractionInputs(INDArray[] inputs, RNNFormat stackedInputFormat, DataType dataType) {
        INDArray first = inputs[0];
        this.stackedInputFormat = inputs.length > 1 || first.rank() == 2 ? null
                : stackedInputFormat == RNNFormat.NWC ? RNNFormat.NWC : RNNFormat.NCW;
        arrays = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            arrays[i] = RunCopy.contiguous(inputs[i].castTo(dataType));
        }
        batch = first.size(0);
        numFeatures = separate() ? inputs.length : (int) first.size(transposed() ? 2 : 1);
        dim = transposed() ? first.size(1) : first.size(first.rank() - 1);
    }

    /** Whether the features came as F arrays [batch, D]. */
    boolean separate() {
        return stackedInputFormat == null;
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
        for (int i = 0; i < numFeatures; i++) {
            copySampleRows(arrays[i], 0, dim, stacked, i * dim, numFeatures * dim);
        }
        return stacked;
    }

    /** Writes dX [batch, F, D] into {@code gradients}, shaped as the inputs. */
    void unstack(INDArray stackedGradient, INDArray[] gradients) {
        if (!separate()) {
            gradients[0].assign(transposed() ? stackedGradient.permute(0, 2, 1) : stackedGradient);
            return;
        }
        for (int i = 0; i < numFeatures; i++) {
            copySampleRows(stackedGradient, i * dim, numFeatures * dim, gradients[i], 0, dim);
        }
    }

    /** Copies one run of D elements per sample b: element {@code srcStart + b * srcStride} of src on. */
    private void copySampleRows(INDArray src, long srcStart, long srcStride, INDArray dst, long dstStart,
                                long dstStride) {
        RunCopy.copyRuns(src, srcStart, srcStride, dst, dstStart, dstStride, dim, batch);
    }
}
