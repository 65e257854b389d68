package io.github.kerasrs4j.samples.movielens;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Ratings ready for the model: per rating its {@link MovieLensFeatures} indices and its rating (the label).
 *
 * @param ids    [rating][feature] lookup indices
 * @param labels the ratings, 1 to 5 in MovieLens
 */
public record EncodedRatings(int[][] ids, float[] labels) {

    public int size() {
        return labels.length;
    }

    /**
     * The ratings cut in order into minibatches (the last one may be short), each with one [batch, 1] input per
     * feature, as DL4J's EmbeddingLayer takes ids, and [batch, 1] labels. Built once and reused every epoch,
     * as the example's {@code batch(...).cache()} does.
     */
    public List<MultiDataSet> batches(int batchSize) {
        List<MultiDataSet> batches = new ArrayList<>();
        int features = MovieLensFeatures.NAMES.size();
        for (int start = 0; start < size(); start += batchSize) {
            int rows = Math.min(batchSize, size() - start);
            float[][] columns = new float[features][rows];
            float[] batchLabels = new float[rows];
            for (int r = 0; r < rows; r++) {
                for (int f = 0; f < features; f++) {
                    columns[f][r] = ids[start + r][f];
                }
                batchLabels[r] = labels[start + r];
            }
            INDArray[] inputs = new INDArray[features];
            for (int f = 0; f < features; f++) {
                inputs[f] = Nd4j.create(columns[f], new long[]{rows, 1}, DataType.FLOAT);
            }
            INDArray label = Nd4j.create(batchLabels, new long[]{rows, 1}, DataType.FLOAT);
            batches.add(new org.nd4j.linalg.dataset.MultiDataSet(inputs, new INDArray[]{label}));
        }
        return batches;
    }
}
