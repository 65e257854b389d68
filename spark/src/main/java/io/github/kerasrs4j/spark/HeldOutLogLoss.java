package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.HeldOutMetrics;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.nd4j.evaluation.BaseEvaluation;
import org.nd4j.evaluation.IMetric;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean binary cross-entropy of click probabilities as a DL4J evaluation, so dl4j-spark can compute it on the
 * executors beside the ROC and merge the partitions' sums. The per-batch sum is the DLRM sample's.
 */
public final class HeldOutLogLoss extends BaseEvaluation<HeldOutLogLoss> {

    private double lossSum;
    private long rows;

    @Override
    public void eval(INDArray labels, INDArray predictions, INDArray mask, List<? extends Serializable> recordMetaData) {
        if (mask != null) {
            throw new IllegalArgumentException("HeldOutLogLoss scores one click probability per row; got a mask");
        }
        lossSum += HeldOutMetrics.logLossSum(labels, predictions);
        rows += labels.size(0);
    }

    @Override
    public void merge(HeldOutLogLoss other) {
        lossSum += other.lossSum;
        rows += other.rows;
    }

    @Override
    public void reset() {
        lossSum = 0;
        rows = 0;
    }

    public double mean() {
        return lossSum / rows;
    }

    public long rows() {
        return rows;
    }

    @Override
    public String stats() {
        return String.format(Locale.ROOT, "log loss %.4f over %d rows", mean(), rows);
    }

    @Override
    public double getValue(IMetric metric) {
        throw new UnsupportedOperationException("HeldOutLogLoss has one value: mean()");
    }

    @Override
    public HeldOutLogLoss newInstance() {
        return new HeldOutLogLoss();
    }
}
