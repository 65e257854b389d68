package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.HeldOutMetrics;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The DLRM sample's held-out metrics (exact ROC AUC and log loss) computed on the executors.
 *
 * <p>It goes through dl4j-spark's {@code doEvaluationMDS}, which broadcasts the parameters as a byte array
 * that each executor reads into its own copy. dl4j-spark's score methods ({@code calculateScore*},
 * {@code scoreExamples*}) broadcast the driver's live parameter array instead, and Spark 3.5 closes an
 * AutoCloseable broadcast value when it removes the broadcast, which frees the driver's parameters whenever
 * ND4J lets that array be closed.
 */
public final class SparkHeldOutEvaluation {

    private SparkHeldOutEvaluation() {
    }

    public static HeldOutMetrics evaluate(SparkComputationGraph graph, JavaRDD<MultiDataSet> heldOut, int batchSize) {
        // One model copy per executor: its cores are busy with the partitions' tasks already.
        IEvaluation<?>[] results = graph.doEvaluationMDS(heldOut, 1, batchSize, new ROC(0), new HeldOutLogLoss());
        ROC roc = (ROC) results[0];
        HeldOutLogLoss logLoss = (HeldOutLogLoss) results[1];
        return new HeldOutMetrics(roc.calculateAUC(), logLoss.mean(), logLoss.rows());
    }
}
