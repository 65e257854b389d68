package io.github.kerasrs4j.samples.dlrm;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * A model's click predictions scored on held-out rows: exact ROC AUC (ND4J's ROC, no threshold binning)
 * and log loss, the two numbers Criteo results are quoted in.
 */
public record HeldOutMetrics(double auc, double logLoss, long rows) {

    /** Probabilities are clipped this far from 0 and 1 so one confident miss cannot make the loss infinite. */
    private static final double EPSILON = 1e-7;

    public static HeldOutMetrics evaluate(ComputationGraph graph, MultiDataSetIterator heldOut) {
        heldOut.reset();
        ROC roc = new ROC(0);
        double lossSum = 0;
        long rows = 0;
        while (heldOut.hasNext()) {
            MultiDataSet batch = heldOut.next();
            INDArray labels = batch.getLabels(0);
            INDArray predicted = graph.output(false, batch.getFeatures())[0];
            roc.eval(labels, predicted);
            for (long i = 0; i < labels.size(0); i++) {
                double p = Math.min(Math.max(predicted.getDouble(i, 0), EPSILON), 1 - EPSILON);
                lossSum -= labels.getDouble(i, 0) > 0.5 ? Math.log(p) : Math.log(1 - p);
            }
            rows += labels.size(0);
        }
        if (rows == 0) {
            throw new IllegalStateException("no held-out rows to evaluate");
        }
        return new HeldOutMetrics(roc.calculateAUC(), lossSum / rows, rows);
    }
}
