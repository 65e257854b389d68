package io.github.kerasrs4j.spark;

import org.apache.spark.api.java.JavaRDD;

/**
 * Splits a Criteo file's lines by line number: every tenth line (1-based) is held out. It is a fixed rule so
 * that the Spark run and a single-machine reader of the same file hold out exactly the same rows.
 */
public final class HeldOutSplit {

    public static final int HOLD_OUT_EVERY = 10;

    private HeldOutSplit() {
    }

    public static boolean isHeldOut(long lineNumber) {
        return lineNumber % HOLD_OUT_EVERY == 0;
    }

    public static JavaRDD<String> train(JavaRDD<String> lines) {
        return select(lines, false);
    }

    public static JavaRDD<String> heldOut(JavaRDD<String> lines) {
        return select(lines, true);
    }

    private static JavaRDD<String> select(JavaRDD<String> lines, boolean heldOut) {
        // zipWithIndex numbers lines in file order across partitions (0-based).
        return lines.zipWithIndex()
                .filter(lineAndIndex -> isHeldOut(lineAndIndex._2() + 1) == heldOut)
                .map(lineAndIndex -> lineAndIndex._1());
    }
}
