package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.CriteoMultiDataSetIterator;
import io.github.kerasrs4j.samples.dlrm.CriteoRowParser;
import io.github.kerasrs4j.samples.dlrm.DataSplit;
import io.github.kerasrs4j.samples.dlrm.HeldOutMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * Trains the same model on one machine, without Spark, on the same split of the same file with the same
 * parser, batch size and epochs, read by the DLRM sample's own iterator: the yardstick for the Spark run's AUC.
 */
public final class SingleMachineBaseline {

    private final CriteoRowParser parser;
    private final int batchSize;
    private final PrintStream log;

    public SingleMachineBaseline(CriteoRowParser parser, int batchSize, PrintStream log) {
        this.parser = parser;
        this.batchSize = batchSize;
        this.log = log;
    }

    /** @return the final held-out AUC */
    public double train(ComputationGraph graph, Path criteoFile, int epochs) {
        MultiDataSetIterator train = new CriteoMultiDataSetIterator(criteoFile, parser, DataSplit.TRAIN, 0,
                batchSize);
        MultiDataSetIterator heldOut = new CriteoMultiDataSetIterator(criteoFile, parser, DataSplit.HELD_OUT, 0,
                batchSize);
        double auc = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            train.reset();
            graph.fit(train);
            double seconds = (System.nanoTime() - start) / 1e9;
            auc = HeldOutMetrics.evaluate(graph, heldOut).auc();
            log.printf("single-machine epoch %d/%d: %.1f s, last minibatch score %.4f, held-out AUC %.4f%n",
                    epoch, epochs, seconds, graph.score(), auc);
        }
        return auc;
    }
}
