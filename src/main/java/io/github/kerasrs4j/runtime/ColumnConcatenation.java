package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Rank-2 arrays [batch, n_i] side by side, [batch, sum n_i], and a gradient of that split back into
 * the inputs' shapes, both as plain memory copies of each sample's runs: measured here, ND4J's concat
 * and the strided assigns that split a gradient took several times longer for these shapes.
 */
public final class ColumnConcatenation {

    private ColumnConcatenation() {
    }

    /** Writes {@code inputs}, each [batch, n_i], side by side into {@code output} [batch, sum n_i] (c order). */
    public static void concatenate(INDArray[] inputs, INDArray output) {
        DataType dataType = output.dataType();
        long batch = output.size(0);
        long width = output.size(1);
        long column = 0;
        for (INDArray input : inputs) {
            INDArray source = RunCopy.contiguous(input.castTo(dataType));
            long run = source.size(1);
            RunCopy.copyRuns(source, 0, run, output, column, width, run, batch);
            column += run;
        }
    }

    /** Writes each input's columns of {@code gradient} [batch, sum n_i] into {@code gradients}, each [batch, n_i] (c order). */
    public static void split(INDArray gradient, INDArray[] gradients) {
        INDArray source = RunCopy.contiguous(gradient.castTo(gradients[0].dataType()));
        long batch = source.size(0);
        long width = source.size(1);
        long column = 0;
        for (INDArray target : gradients) {
            long run = target.size(1);
            RunCopy.copyRuns(source, column, width, target, 0, run, run, batch);
            column += run;
        }
    }
}
