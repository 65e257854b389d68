package io.github.kerasrs4j.samples.dlrm;

import java.io.Serializable;

/**
 * Parses one line of the Criteo display-advertising TSV format: label, I1..I13, C1..C26.
 *
 * <p>Dense features get DLRM's usual log(1 + x), with negatives (Criteo has a few) clamped to 0 first.
 * Each categorical feature has its own vocabulary of {@code vocabularySize} indices: index 0 stands for
 * an empty field and the hex strings hash into 1..vocabularySize-1, so unseen values still get a slot.
 *
 * <p>Serializable so that the Spark module can ship it to its executors.
 */
public final class CriteoRowParser implements Serializable {

    private final int vocabularySize;

    public CriteoRowParser(int vocabularySize) {
        if (vocabularySize < 2) {
            throw new IllegalArgumentException("vocabulary size must be at least 2 (one slot for empty fields), got "
                    + vocabularySize);
        }
        this.vocabularySize = vocabularySize;
    }

    /**
     * @throws CriteoFormatException naming the offending field, without a location (the reader adds it)
     */
    public CriteoRow parse(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length != CriteoRow.FIELDS) {
            throw new CriteoFormatException("expected " + CriteoRow.FIELDS + " tab-separated fields (label, "
                    + CriteoRow.DENSE_FEATURES + " integer, " + CriteoRow.CATEGORICAL_FEATURES
                    + " categorical), found " + fields.length);
        }
        int label = parseLabel(fields[0]);
        float[] dense = new float[CriteoRow.DENSE_FEATURES];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = parseDense(fields[1 + i], i);
        }
        int[] categories = new int[CriteoRow.CATEGORICAL_FEATURES];
        for (int i = 0; i < categories.length; i++) {
            categories[i] = categoryIndex(i, fields[1 + CriteoRow.DENSE_FEATURES + i]);
        }
        return new CriteoRow(label, dense, categories);
    }

    private static int parseLabel(String field) {
        return switch (field) {
            case "0" -> 0;
            case "1" -> 1;
            default -> throw new CriteoFormatException("label must be 0 or 1, found '" + field + "'");
        };
    }

    private static float parseDense(String field, int feature) {
        if (field.isEmpty()) {
            return 0f;
        }
        long value;
        try {
            value = Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new CriteoFormatException("integer feature I" + (feature + 1) + " must be an integer or empty, "
                    + "found '" + field + "'");
        }
        return (float) Math.log1p(Math.max(value, 0L));
    }

    /** The vocabulary index of a categorical value; the feature number salts the hash so features don't share slots. */
    private int categoryIndex(int feature, String field) {
        if (field.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < field.length(); i++) {
            if (Character.digit(field.charAt(i), 16) < 0) {
                throw new CriteoFormatException("categorical feature C" + (feature + 1) + " must be a hex string "
                        + "or empty, found '" + field + "'");
            }
        }
        long hash = mix(field.hashCode() * 0x9E3779B97F4A7C15L + feature);
        return 1 + (int) Math.floorMod(hash, (long) vocabularySize - 1);
    }

    /** SplitMix64's finaliser: spreads String.hashCode's bits so the modulo uses all of them. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
