package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.DataSplit;
import org.apache.spark.api.java.JavaRDD;

/**
 * Splits an RDD of a Criteo file's lines by line number with the DLRM sample's {@link DataSplit} rule, so the
 * Spark run and the sample's single-machine reader of the same file hold out exactly the same rows.
 */
public final class HeldOutSplit {

    private HeldOutSplit() {
    }

    public static JavaRDD<String> select(JavaRDD<String> lines, DataSplit split) {
        // zipWithIndex numbers lines in file order across partitions (0-based); DataSplit counts from 1.
        return lines.zipWithIndex()
                .filter(lineAndIndex -> split.contains(lineAndIndex._2() + 1))
                .map(lineAndIndex -> lineAndIndex._1());
    }
}
