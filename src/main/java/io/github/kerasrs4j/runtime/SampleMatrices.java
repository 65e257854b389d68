package io.github.kerasrs4j.runtime;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sample b's X [F, D] and dX as BLAS operands, for one thread's share of the samples. Stacked input
 * is read (and its gradient written) in place; F separate inputs are copied row by row into a small
 * buffer that stays in cache, and their gradient rows copied out of another.
 */
final class SampleMatrices {

    private final InteractionInputs inputs;
    private final int features;
    private final int dim;
    private final HostArray[] sources;
    private final HostArray[] gradients;
    private final HostArray rows;
    private final HostArray gradientRows;

    /**
     * @param gradients      where the input gradients go, shaped as the inputs; null for a forward pass
     * @param rows           an [F*D] buffer of this thread's, used with separate inputs
     * @param gradientRows   another, used with separate inputs in a backward pass
     */
    SampleMatrices(InteractionInputs inputs, INDArray[] gradients, INDArray rows, INDArray gradientRows) {
        this.inputs = inputs;
        this.features = inputs.features;
        this.dim = Math.toIntExact(inputs.dim);
        this.sources = hostArrays(inputs.arrays);
        this.gradients = gradients == null ? null : hostArrays(gradients);
        boolean separate = inputs.form == InteractionInputs.Form.SEPARATE;
        this.rows = separate ? new HostArray(rows) : null;
        this.gradientRows = separate && gradients != null ? new HostArray(gradientRows) : null;
    }

    int features() {
        return features;
    }

    int dim() {
        return dim;
    }

    /** Whether X is stored transposed (NCW input), see {@link HostBlas}. */
    boolean transposed() {
        return inputs.transposed();
    }

    /** Sample b's X. */
    Pointer x(long sample) {
        if (rows == null) {
            return sources[0].at(sample * features * dim);
        }
        for (int i = 0; i < features; i++) {
            sources[i].copyTo(sample * dim, rows, (long) i * dim, dim);
        }
        return rows.at(0);
    }

    /** Where sample b's dX goes; call {@link #gradientWritten} after writing it. */
    Pointer gradient(long sample) {
        return gradientRows == null ? gradients[0].at(sample * features * dim) : gradientRows.at(0);
    }

    /** Hands the rows of sample b's dX to the separate inputs' gradients. */
    void gradientWritten(long sample) {
        if (gradientRows != null) {
            for (int i = 0; i < features; i++) {
                gradientRows.copyTo((long) i * dim, gradients[i], sample * dim, dim);
            }
        }
    }

    private static HostArray[] hostArrays(INDArray[] arrays) {
        HostArray[] host = new HostArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            host[i] = new HostArray(arrays[i]);
        }
        return host;
    }
}
