package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.CriteoBatch;
import io.github.kerasrs4j.samples.dlrm.CriteoFormatException;
import io.github.kerasrs4j.samples.dlrm.CriteoRow;
import io.github.kerasrs4j.samples.dlrm.CriteoRowParser;
import io.github.kerasrs4j.samples.dlrm.DataSplit;
import io.github.kerasrs4j.samples.dlrm.EmbeddingForm;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import scala.Tuple2;

/**
 * One split of a Criteo file's lines as an RDD of minibatches for the DLRM sample's graph. Lines are numbered in
 * file order, so the split follows the sample's {@link DataSplit} rule and holds the rows the sample's reader
 * gives; each partition parses its own lines on the executor that read them, with the sample's parser and
 * minibatch layout. A malformed line fails the job with the file and line, as the sample's reader does.
 */
public final class CriteoBatches {

    private CriteoBatches() {
    }

    /**
     * @param source    the file's name, for error messages
     * @param lineLimit read only the file's first lines (both splits count), as the sample's {@code --rows}; 0 = all
     * @param form      the inputs of the graph's embedding form, as the sample's {@code --embeddings}
     */
    public static JavaRDD<MultiDataSet> of(JavaRDD<String> lines, String source, DataSplit split, long lineLimit,
                                           CriteoRowParser parser, int batchSize, EmbeddingForm form) {
        return lines.zipWithIndex()
                .filter(lineAndIndex -> {
                    long lineNumber = lineAndIndex._2() + 1;
                    return (lineLimit == 0 || lineNumber <= lineLimit) && split.contains(lineNumber);
                })
                .mapPartitions(partition -> batches(partition, source, parser, batchSize, form).iterator());
    }

    private static List<MultiDataSet> batches(Iterator<Tuple2<String, Long>> lines, String source,
                                              CriteoRowParser parser, int batchSize, EmbeddingForm form) {
        List<MultiDataSet> batches = new ArrayList<>();
        List<CriteoRow> pending = new ArrayList<>(batchSize);
        while (lines.hasNext()) {
            Tuple2<String, Long> lineAndIndex = lines.next();
            try {
                pending.add(parser.parse(lineAndIndex._1()));
            } catch (CriteoFormatException e) {
                throw new CriteoFormatException(source + ":" + (lineAndIndex._2() + 1) + ": " + e.getMessage(), e);
            }
            if (pending.size() == batchSize) {
                batches.add(CriteoBatch.of(pending, form));
                pending = new ArrayList<>(batchSize);
            }
        }
        if (!pending.isEmpty()) {
            batches.add(CriteoBatch.of(pending, form));
        }
        return batches;
    }
}
