package io.github.kerasrs4j.samples.dlrm;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Lays parsed rows out as one minibatch for {@link DlrmGraphBuilder}'s graph. It is the one definition of that
 * layout, shared by {@link CriteoMultiDataSetIterator} and the Spark module's encoder.
 *
 * <p>The inputs are in {@link DlrmGraphBuilder#inputNames(EmbeddingForm)} order: the dense features [batch, 13],
 * then the vocabulary indices of the categorical features, all in one [batch, 26] array (EmbeddingCollection's
 * input) or one [batch, 1] array per feature (EmbeddingLayer's); and one label array [batch, 1] with 1 for a
 * click.
 */
public final class CriteoBatch {

    private CriteoBatch() {
    }

    /** The per-feature layout. */
    public static MultiDataSet of(List<CriteoRow> rows) {
        return of(rows, EmbeddingForm.PER_FEATURE);
    }

    public static MultiDataSet of(List<CriteoRow> rows, EmbeddingForm form) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a minibatch needs at least one row");
        }
        int size = rows.size();
        int categorical = CriteoRow.CATEGORICAL_FEATURES;
        float[] dense = new float[size * CriteoRow.DENSE_FEATURES];
        float[] categories = new float[size * categorical];   // example-major: [batch, 26]
        float[] labels = new float[size];
        for (int r = 0; r < size; r++) {
            CriteoRow row = rows.get(r);
            System.arraycopy(row.dense(), 0, dense, r * CriteoRow.DENSE_FEATURES, CriteoRow.DENSE_FEATURES);
            for (int c = 0; c < categorical; c++) {
                categories[r * categorical + c] = row.categories()[c];
            }
            labels[r] = row.label();
        }
        INDArray ids = Nd4j.create(categories, new long[]{size, categorical}, 'c');
        INDArray[] inputs;
        if (form == EmbeddingForm.COLLECTION) {
            inputs = new INDArray[]{Nd4j.create(dense, new long[]{size, CriteoRow.DENSE_FEATURES}, 'c'), ids};
        } else {
            inputs = new INDArray[1 + categorical];
            inputs[0] = Nd4j.create(dense, new long[]{size, CriteoRow.DENSE_FEATURES}, 'c');
            for (int c = 0; c < categorical; c++) {
                inputs[1 + c] = ids.getColumn(c).reshape(size, 1).dup('c');
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(inputs,
                new INDArray[]{Nd4j.create(labels, new long[]{size, 1}, 'c')});
    }
}
