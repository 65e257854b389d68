package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The runtime of {@link SequencePooling}. Both modes are a weighted sum over the steps,
 * out[b, d] = Σ_t w[b,t,d] x[b,t,d], whose gradient is w itself: for an average w = m[b,t] / Σ_t m[b,t]
 * (m = 1 without a mask); for the maximum w = 1/k on the k steps holding it, 0 elsewhere.
 */
public class SequencePoolingVertex extends StatelessVertex {

    private final SequencePooling.Mode mode;
    private final RNNFormat format;

    public SequencePoolingVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType,
                                 SequencePooling.Mode mode, RNNFormat format) {
        super(graph, name, vertexIndex, dataType);
        this.mode = mode;
        this.format = format;
    }

    @Override
    protected INDArray forward(INDArray[] inputs) {
        INDArray sequence = inputs[0];
        if (mode == SequencePooling.Mode.MAX) {
            checkShapes(inputs);
            return sequence.max(stepAxis());
        }
        return weights(inputs).muli(sequence).sum(stepAxis());
    }

    @Override
    protected INDArray[] backward(INDArray[] inputs, INDArray epsilon) {
        INDArray gradient = weights(inputs).muli(epsilon.reshape(featureShape(epsilon)));
        return inputs.length == 1 ? new INDArray[]{gradient} : new INDArray[]{gradient, Nd4j.zerosLike(inputs[1])};
    }

    /** w[b,t,d] in the sequence's layout. */
    private INDArray weights(INDArray[] inputs) {
        checkShapes(inputs);
        INDArray sequence = inputs[0];
        if (mode == SequencePooling.Mode.MAX) {
            INDArray isMax = sequence.eq(sequence.max(true, stepAxis())).castTo(sequence.dataType());
            return isMax.divi(isMax.sum(true, stepAxis()));
        }
        long steps = sequence.size(stepAxis());
        INDArray mask = inputs.length == 2 ? inputs[1].castTo(sequence.dataType())
                : Nd4j.ones(sequence.dataType(), sequence.size(0), steps);
        INDArray share = mask.divColumnVector(mask.sum(true, 1));   // [batch, T]; 0/0 = NaN when all masked
        long[] stepShape = format == RNNFormat.NWC ? new long[]{sequence.size(0), steps, 1}
                : new long[]{sequence.size(0), 1, steps};
        return share.reshape(stepShape).mul(Nd4j.onesLike(sequence));
    }

    /** [batch, 1, D] (NWC) or [batch, D, 1] (NCW): a [batch, D] array broadcastable over the steps. */
    private long[] featureShape(INDArray perFeature) {
        return format == RNNFormat.NWC ? new long[]{perFeature.size(0), 1, perFeature.size(1)}
                : new long[]{perFeature.size(0), perFeature.size(1), 1};
    }

    private int stepAxis() {
        return format == RNNFormat.NWC ? 1 : 2;
    }

    private void checkShapes(INDArray[] inputs) {
        INDArray sequence = inputs[0];
        boolean ok = sequence.rank() == 3;
        if (ok && inputs.length == 2) {
            INDArray mask = inputs[1];
            ok = mask.rank() == 2 && mask.size(0) == sequence.size(0) && mask.size(1) == sequence.size(stepAxis());
        }
        if (!ok) {
            throw new IllegalStateException(this + " takes a sequence of rank 3 (" + format + ")"
                    + (inputs.length == 2 ? " and a mask [batch, T]" : "") + ", got "
                    + Arrays.toString(Arrays.stream(inputs).map(i -> Arrays.toString(i.shape())).toArray()));
        }
    }
}
