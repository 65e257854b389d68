package io.github.kerasrs4j.samples.dlrm;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.AsyncMultiDataSetIterator;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Trains one DLRM graph for some epochs over a streamed training split, logging progress (epoch, examples/s,
 * loss) a few times per epoch and the held-out AUC and log loss after each epoch, and at the end the training
 * throughput: examples per second of {@code fit} from the second epoch on (the first warms up the JIT and
 * the workspaces), or over the only epoch when there is one. The graph ends with the parameters of the epoch
 * with the best held-out AUC, as early stopping keeps them: later epochs may overfit.
 */
public final class DlrmTrainer {

    private static final int REPORTS_PER_EPOCH = 4;
    private static final int PREFETCHED_BATCHES = 4;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int epochs;
    private final PrintStream log;

    public DlrmTrainer(int epochs, PrintStream log) {
        this.epochs = epochs;
        this.log = log;
    }

    /** @param trainRows rows in the training split, to space the progress reports evenly */
    public LearningCurve train(ComputationGraph graph, Interaction interaction, MultiDataSetIterator train,
                               MultiDataSetIterator heldOut, long trainRows) {
        LearningCurve curve = new LearningCurve(interaction);
        long reportEvery = Math.max(1, trainRows / REPORTS_PER_EPOCH);
        String name = interaction.displayName();
        long timedRows = 0;
        long timedNanos = 0;
        long timedCpuNanos = 0;
        INDArray bestParams = null;
        // Reading and parsing the next batches runs on a second thread, beside the step.
        train.reset();
        AsyncMultiDataSetIterator batches = new AsyncMultiDataSetIterator(train, PREFETCHED_BATCHES, false);
        try {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                if (epoch > 1) {
                    batches.reset();
                }
                long epochStart = System.nanoTime();
                long epochCpuStart = THREADS.getCurrentThreadCpuTime();
                long windowStart = epochStart;
                long seen = 0, windowRows = 0, nextReport = reportEvery;
                double windowLoss = 0;
                while (batches.hasNext()) {
                    MultiDataSet batch = batches.next();
                    long rows = batch.getLabels(0).size(0);
                    graph.fit(batch);
                    windowLoss += graph.score() * rows;   // score() is the batch's mean binary cross-entropy
                    windowRows += rows;
                    seen += rows;
                    if (seen >= nextReport || !batches.hasNext()) {
                        long now = System.nanoTime();
                        double loss = windowLoss / windowRows;
                        curve.addTrainLoss(epoch - 1 + (double) seen / trainRows, loss);
                        log.printf(Locale.ROOT, "[%s] epoch %d/%d  %3.0f%%  %,9.0f examples/s  train loss %.4f%n",
                                name, epoch, epochs, 100.0 * seen / trainRows,
                                windowRows / ((now - windowStart) / 1e9), loss);
                        windowStart = now;
                        windowLoss = 0;
                        windowRows = 0;
                        nextReport += reportEvery;
                    }
                }
                long epochNanos = System.nanoTime() - epochStart;
                if (epoch > 1 || epochs == 1) {
                    timedRows += seen;
                    timedNanos += epochNanos;
                    timedCpuNanos += THREADS.getCurrentThreadCpuTime() - epochCpuStart;
                }
                double seconds = epochNanos / 1e9;
                HeldOutMetrics metrics = HeldOutMetrics.evaluate(graph, heldOut);
                curve.addHeldOut(epoch, metrics);
                log.printf(Locale.ROOT, "[%s] epoch %d/%d done in %.1f s  held-out AUC %.4f  log loss %.4f%n",
                        name, epoch, epochs, seconds, metrics.auc(), metrics.logLoss());
                if (epoch < epochs && curve.best().epoch() == epoch) {
                    bestParams = graph.params().dup();
                }
            }
        } finally {
            batches.shutdown();
        }
        LearningCurve.HeldOutPoint best = curve.best();
        if (best.epoch() < epochs) {
            graph.setParams(bestParams);
        }
        log.printf(Locale.ROOT, "[%s] keeps the model of epoch %d of %d: best held-out AUC %.4f%n",
                name, best.epoch(), epochs, best.metrics().auc());
        // Per CPU-second of this thread too: with one native thread per op (--threads 1) it does all the step's
        // work (the next batches are parsed on the prefetch thread), so that figure is what the step would reach on
        // an idle core, even on a machine shared with others.
        log.printf(Locale.ROOT, "%s training throughput: %.0f examples/s (%.0f per CPU-second of the training thread)%n",
                name, timedRows / (timedNanos / 1e9), timedRows / (timedCpuNanos / 1e9));
        return curve;
    }
}
