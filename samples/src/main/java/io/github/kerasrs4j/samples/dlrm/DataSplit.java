package io.github.kerasrs4j.samples.dlrm;

/**
 * Which rows of a Criteo file a reader yields. Every tenth line is held out for evaluation: a fixed rule,
 * so training and evaluation can each stream the same file without an index or a copy.
 */
public enum DataSplit {
    TRAIN,
    HELD_OUT,
    ALL;

    private static final int HOLD_OUT_EVERY = 10;

    /** @param lineNumber 1-based line number in the file */
    public boolean contains(long lineNumber) {
        boolean heldOut = lineNumber % HOLD_OUT_EVERY == 0;
        return switch (this) {
            case TRAIN -> !heldOut;
            case HELD_OUT -> heldOut;
            case ALL -> true;
        };
    }

    /** Fewest lines for which both TRAIN and HELD_OUT are non-empty. */
    public static int minimumLines() {
        return HOLD_OUT_EVERY;
    }
}
