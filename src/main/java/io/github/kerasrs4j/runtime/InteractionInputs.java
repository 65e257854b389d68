package io.github.kerasrs4j.runtime;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The F features of one call in the form they came, each array in the runtime's data type and in
 * c order without gaps: F arrays [batch, D] (SEPARATE; also one rank-2 input, F = 1), or one stacked
 * array [batch, F, D] (NWC) or [batch, D, F] (NCW). Kernels read X [batch, F, D] through it and
 * write the input gradients in the same form.
 */
final class InteractionInputs {

    enum Form { SEPARATE, NWC, NCW }

    final Form form;
    final INDArray[] arrays;
    final long batch;
    final int features;
    final long dim;

    /** {@code inputs} must have been validated: F arrays of one rank-2 shape, or one of rank 2 or 3. */
    InteractionInputs(INDArray[] inputs, RNNFormat stackedInputFormat, DataType dataType) {
        INDArray first = inputs[0];
        form = inputs.length > 1 || first.rank() == 2 ? Form.SEPARATE
                : stackedInputFormat == RNNFormat.NWC ? Form.NWC : Form.NCW;
        arrays = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            arrays[i] = RunCopy.contiguous(inputs[i].castTo(dataType));
        }
        batch = first.size(0);
        features = switch (form) {
            case SEPARATE -> inputs.length;
            case NWC -> (int) first.size(1);
            case NCW -> (int) first.size(2);
        };
        dim = form == Form.NCW ? first.size(1) : first.size(first.rank() - 1);
    }

    /** Whether row i of sample b's X is read from {@link #arrays}[0] across its last axis (NCW). */
    boolean transposed() {
        return form == Form.NCW;
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
        return switch (form) {
            case NWC -> arrays[0];
            case NCW -> scratch.get("stacked", batch, features, dim).assign(arrays[0].permute(0, 2, 1));
            case SEPARATE -> {
                INDArray stacked = scratch.get("stacked", batch, features, dim);
                for (int i = 0; i < features; i++) {
                    copySampleRows(arrays[i], 0, dim, stacked, i * dim, features * dim);
                }
                yield stacked;
            }
        };
    }

    /** Writes dX [batch, F, D] into {@code gradients}, shaped as the inputs. */
    void unstack(INDArray stackedGradient, INDArray[] gradients) {
        switch (form) {
            case NWC -> gradients[0].assign(stackedGradient);
            case NCW -> gradients[0].assign(stackedGradient.permute(0, 2, 1));
            case SEPARATE -> {
                for (int i = 0; i < features; i++) {
                    copySampleRows(stackedGradient, i * dim, features * dim, gradients[i], 0, dim);
                }
            }
        }
    }

    /** Copies one run of D elements per sample b: element {@code srcStart + b * srcStride} of src on. */
    private void copySampleRows(INDArray src, long srcStart, long srcStride, INDArray dst, long dstStart,
                                long dstStride) {
        RunCopy.copyRuns(src, srcStart, srcStride, dst, dstStart, dstStride, dim, batch);
    }
}
