package io.github.kerasrs4j.spark;

import java.io.PrintStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Trains a graph data-parallel with dl4j-spark's parameter averaging: every worker fits
 * {@code averagingFrequency} minibatches from the same parameters, then the driver averages the workers'
 * parameters and updater states. Reports the training score and the held-out AUC after every epoch.
 */
public final class SparkDlrmTrainer {

    private final JavaSparkContext sc;
    private final int batchSize;
    private final int averagingFrequency;
    private final PrintStream log;

    public SparkDlrmTrainer(JavaSparkContext sc, int batchSize, int averagingFrequency, PrintStream log) {
        this.sc = sc;
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
        this.log = log;
    }

    /** @return the final held-out AUC; {@code graph} ends up holding the trained parameters */
    public double train(ComputationGraph graph, JavaRDD<MultiDataSet> train, JavaRDD<MultiDataSet> heldOut,
                        int epochs) {
        SparkComputationGraph sparkGraph = new SparkComputationGraph(sc, graph, trainingMaster());
        double auc = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            sparkGraph.fitMultiDataSet(train);
            double seconds = (System.nanoTime() - start) / 1e9;
            // Exact ROC (no threshold binning), merged across the executors' partitions.
            ROC roc = sparkGraph.evaluateROCMDS(heldOut, 0, batchSize);
            auc = roc.calculateAUC();
            log.printf("spark epoch %d/%d: %.1f s, training score %.4f, held-out AUC %.4f%n",
                    epoch, epochs, seconds, sparkGraph.getScore(), auc);
        }
        return auc;
    }

    private ParameterAveragingTrainingMaster trainingMaster() {
        // Direct: workers read the RDD's MultiDataSets as they are instead of exporting them to files first.
        return new ParameterAveragingTrainingMaster.Builder(batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .build();
    }
}
