package io.github.kerasrs4j.samples.dlrm;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Lays parsed rows out as one minibatch for {@link DlrmGraphBuilder}'s graph. It is the one definition of that
 * layout, shared by {@link CriteoMultiDataSetIterator} and the Spark module's encoder.
 *
 * <p>The inputs are in {@link DlrmGraphBuilder#inputNames()} order: the dense features [batch, 13], then per
 * categorical feature its vocabulary indices [batch, 1] (EmbeddingLayer's input); and one label array
 * [batch, 1] with 1 for a click.
 */
public final class CriteoBatch {

    private CriteoBatch() {
    }

    public static MultiDataSet of(List<CriteoRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a minibatch needs at least one row");
        }
        int size = rows.size();
        float[][] dense = new float[size][];
        float[][][] categories = new float[CriteoRow.CATEGORICAL_FEATURES][size][1];
        float[][] labels = new float[size][1];
        for (int r = 0; r < size; r++) {
            CriteoRow row = rows.get(r);
            dense[r] = row.dense();
            for (int c = 0; c < CriteoRow.CATEGORICAL_FEATURES; c++) {
                categories[c][r][0] = row.categories()[c];
            }
            labels[r][0] = row.label();
        }
        INDArray[] inputs = new INDArray[1 + CriteoRow.CATEGORICAL_FEATURES];
        inputs[0] = Nd4j.createFromArray(dense);
        for (int c = 0; c < CriteoRow.CATEGORICAL_FEATURES; c++) {
            inputs[1 + c] = Nd4j.createFromArray(categories[c]);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(inputs, new INDArray[]{Nd4j.createFromArray(labels)});
    }
}
