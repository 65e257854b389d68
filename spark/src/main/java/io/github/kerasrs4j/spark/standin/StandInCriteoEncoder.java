package io.github.kerasrs4j.spark.standin;

import io.github.kerasrs4j.spark.CriteoBatchEncoder;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Stand-in until the DLRM sample (issue 4) is merged, then replaced by its Criteo parser: label, 13 dense
 * counts as log(1 + x) (missing: 0), 26 categorical hex tokens hashed into {@code vocabularySize - 1} buckets
 * with row 0 for missing. Inputs in the order dense, C1..C26, as {@link StandInDlrmFactory} declares them.
 */
public final class StandInCriteoEncoder implements CriteoBatchEncoder {

    public static final int DENSE_FEATURES = 13;
    public static final int CATEGORICAL_FEATURES = 26;
    private static final int FIELDS = 1 + DENSE_FEATURES + CATEGORICAL_FEATURES;

    private final int vocabularySize;

    public StandInCriteoEncoder(int vocabularySize) {
        this.vocabularySize = vocabularySize;
    }

    @Override
    public MultiDataSet encode(List<String> lines) {
        int rows = lines.size();
        float[][] labels = new float[rows][1];
        float[][] dense = new float[rows][DENSE_FEATURES];
        float[][][] categories = new float[CATEGORICAL_FEATURES][rows][1];
        for (int r = 0; r < rows; r++) {
            String[] fields = lines.get(r).split("\t", -1);
            if (fields.length != FIELDS) {
                throw new IllegalArgumentException("Criteo line has " + fields.length + " fields, not " + FIELDS);
            }
            labels[r][0] = Integer.parseInt(fields[0]);
            for (int d = 0; d < DENSE_FEATURES; d++) {
                String field = fields[1 + d];
                dense[r][d] = field.isEmpty() ? 0f : (float) Math.log1p(Math.max(0, Long.parseLong(field)));
            }
            for (int c = 0; c < CATEGORICAL_FEATURES; c++) {
                String field = fields[1 + DENSE_FEATURES + c];
                categories[c][r][0] = field.isEmpty() ? 0 : 1 + Math.floorMod(field.hashCode(), vocabularySize - 1);
            }
        }
        INDArray[] features = new INDArray[1 + CATEGORICAL_FEATURES];
        features[0] = Nd4j.create(dense).castTo(DataType.FLOAT);
        for (int c = 0; c < CATEGORICAL_FEATURES; c++) {
            features[1 + c] = Nd4j.create(categories[c]).castTo(DataType.FLOAT);
        }
        INDArray[] labelArrays = {Nd4j.create(labels).castTo(DataType.FLOAT)};
        return new org.nd4j.linalg.dataset.MultiDataSet(features, labelArrays);
    }
}
