package io.github.kerasrs4j.samples.dlrm;

/**
 * One parsed Criteo example, ready for the model.
 *
 * @param label      1 for a click, 0 otherwise
 * @param dense      the 13 integer features after log(1 + max(x, 0)); an empty field is 0
 * @param categories the 26 categorical features as per-feature vocabulary indices; 0 is "empty field"
 */
public record CriteoRow(int label, float[] dense, int[] categories) {

    /** Integer (dense) features per row: I1..I13. */
    public static final int DENSE_FEATURES = 13;
    /** Hashed categorical features per row: C1..C26. */
    public static final int CATEGORICAL_FEATURES = 26;
    /** Tab-separated fields per line: the label, then the dense, then the categorical features. */
    public static final int FIELDS = 1 + DENSE_FEATURES + CATEGORICAL_FEATURES;
}
