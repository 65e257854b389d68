package io.github.kerasrs4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Encodes an RDD of Criteo lines into an RDD of minibatches, partition by partition, so lines never leave
 * the executor that read them. Each partition's last batch may be smaller than the batch size.
 */
public final class CriteoBatches {

    private CriteoBatches() {
    }

    public static JavaRDD<MultiDataSet> encode(JavaRDD<String> lines, CriteoBatchEncoder encoder, int batchSize) {
        return lines.mapPartitions(partition -> batches(partition, encoder, batchSize).iterator());
    }

    private static List<MultiDataSet> batches(Iterator<String> lines, CriteoBatchEncoder encoder, int batchSize) {
        List<MultiDataSet> batches = new ArrayList<>();
        List<String> pending = new ArrayList<>(batchSize);
        while (lines.hasNext()) {
            pending.add(lines.next());
            if (pending.size() == batchSize) {
                batches.add(encoder.encode(pending));
                pending = new ArrayList<>(batchSize);
            }
        }
        if (!pending.isEmpty()) {
            batches.add(encoder.encode(pending));
        }
        return batches;
    }
}
