package io.github.kerasrs4j.samples.movielens;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fits the graph epoch by epoch over fixed minibatches, as Keras's {@code fit} does over the example's cached
 * dataset, printing each epoch's wall time and training RMSE (over the epoch's predictions made before each
 * step, as Keras's {@code RootMeanSquaredError} metric reports it), then the test RMSE.
 */
public final class MovieLensTrainer {

    /** What a training run measured. */
    public record Result(double[] epochSeconds, double[] trainRmse, double testRmse) {

        /**
         * The median epoch time without the first epoch (JIT compilation and warm-up), as the project's Python
         * peer of the example takes it (the upper median for an even count); a single epoch's own time.
         */
        public double medianEpochSeconds() {
            double[] steady = epochSeconds.length > 1
                    ? Arrays.copyOfRange(epochSeconds, 1, epochSeconds.length) : epochSeconds.clone();
            Arrays.sort(steady);
            return steady[steady.length / 2];
        }
    }

    private final int epochs;
    private final PrintStream log;

    public MovieLensTrainer(int epochs, PrintStream log) {
        this.epochs = epochs;
        this.log = log;
    }

    public Result train(ComputationGraph graph, List<MultiDataSet> trainBatches, List<MultiDataSet> testBatches) {
        double[] seconds = new double[epochs];
        double[] trainRmse = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double squaredErrorSum = 0;
            long rows = 0;
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            for (MultiDataSet batch : trainBatches) {
                // DL4J's score adds the weight decay's 0.5 * decay * |w|^2 on the parameters the step starts from
                double decayTerm = graph.calcRegularizationScore(true);
                graph.fit(batch);
                long batchRows = batch.getLabels(0).size(0);
                squaredErrorSum += (graph.score() - decayTerm) * batchRows;
                rows += batchRows;
            }
            seconds[epoch] = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            trainRmse[epoch] = Math.sqrt(squaredErrorSum / rows);
            log.printf(Locale.ROOT, "epoch %d/%d  %.3f s (process CPU %.3f s)  %,.0f ratings/s  train RMSE %.4f%n",
                    epoch + 1, epochs, seconds[epoch], cpuSeconds, rows / seconds[epoch], trainRmse[epoch]);
        }
        return new Result(seconds, trainRmse, rmse(graph, testBatches));
    }

    /** CPU time of the whole JVM, all threads: beside the wall time, it shows when other processes slowed an epoch. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Root mean squared error of the graph's predictions over the batches. */
    public static double rmse(ComputationGraph graph, List<MultiDataSet> batches) {
        double squaredErrorSum = 0;
        long rows = 0;
        for (MultiDataSet batch : batches) {
            INDArray predicted = graph.output(false, batch.getFeatures())[0];
            INDArray error = predicted.sub(batch.getLabels(0));
            squaredErrorSum += error.mul(error).sumNumber().doubleValue();
            rows += error.size(0);
        }
        return Math.sqrt(squaredErrorSum / rows);
    }
}
