package io.github.kerasrs4j.samples.dlrm;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.ops.transforms.Transforms;

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
            lossSum += logLossSum(labels, predicted);
            rows += labels.size(0);
        }
        if (rows == 0) {
            throw new IllegalStateException("no held-out rows to evaluate");
        }
        return new HeldOutMetrics(roc.calculateAUC(), lossSum / rows, rows);
    }

    /** The binary cross-entropy of one batch's click probabilities, summed over its rows. */
    public static double logLossSum(INDArray labels, INDArray predicted) {
        INDArray p = Transforms.max(Transforms.min(predicted, 1 - EPSILON), EPSILON);
        INDArray notLabels = labels.rsub(1.0);
        // -(y log p + (1 - y) log(1 - p)), summed over the batch
        return -labels.mul(Transforms.log(p)).addi(notLabels.mul(Transforms.log(p.rsub(1.0)))).sumNumber()
                .doubleValue();
    }
}
