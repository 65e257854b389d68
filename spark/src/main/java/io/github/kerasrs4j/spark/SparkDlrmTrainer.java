package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.HeldOutMetrics;
import io.github.kerasrs4j.samples.dlrm.Interaction;
import io.github.kerasrs4j.samples.dlrm.LearningCurve;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Trains a graph data-parallel with dl4j-spark's parameter averaging: every worker fits
 * {@code averagingFrequency} minibatches from the same parameters, then the driver averages the workers'
 * parameters and Adam states. After each epoch it logs and records the training score (the workers' last
 * minibatches) and the held-out AUC and log loss, computed on the executors.
 */
public final class SparkDlrmTrainer {

    private final JavaSparkContext sc;
    private final int batchSize;
    private final int averagingFrequency;
    private final int epochs;
    private final long seed;
    private final PrintStream log;

    /** @param seed for the random split of each epoch's data into averaging rounds */
    public SparkDlrmTrainer(JavaSparkContext sc, int batchSize, int averagingFrequency, int epochs, long seed,
                            PrintStream log) {
        this.sc = sc;
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
        this.epochs = epochs;
        this.seed = seed;
        this.log = log;
    }

    /** @param name the curve's name in logs and charts; {@code graph} ends up holding the trained parameters */
    public LearningCurve train(ComputationGraph graph, Interaction interaction, JavaRDD<MultiDataSet> train,
                               JavaRDD<MultiDataSet> heldOut, String name) {
        SparkComputationGraph sparkGraph = new SparkComputationGraph(sc, graph, trainingMaster());
        LearningCurve curve = new LearningCurve(interaction, name);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            sparkGraph.fitMultiDataSet(train);
            double seconds = (System.nanoTime() - start) / 1e9;
            HeldOutMetrics metrics = SparkHeldOutEvaluation.evaluate(sparkGraph, heldOut, batchSize);
            curve.addTrainLoss(epoch, sparkGraph.getScore());
            curve.addHeldOut(epoch, metrics);
            log.printf(Locale.ROOT, "[%s] epoch %d/%d done in %.1f s  train loss %.4f  held-out AUC %.4f  log loss %.4f%n",
                    name, epoch, epochs, seconds, sparkGraph.getScore(), metrics.auc(), metrics.logLoss());
        }
        return curve;
    }

    private ParameterAveragingTrainingMaster trainingMaster() {
        // Direct: workers read the RDD's MultiDataSets as they are instead of exporting them to files first.
        // Each round's share of the data is shuffled into one partition per worker only when its partitions
        // do not already number the workers (the default shuffles every round).
        return new ParameterAveragingTrainingMaster.Builder(batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.NumPartitionsWorkersDiffers)
                .rngSeed(seed)
                .build();
    }
}
