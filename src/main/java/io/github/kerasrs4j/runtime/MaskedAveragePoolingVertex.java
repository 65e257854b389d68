package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.MaskedAveragePooling;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The runtime of {@link MaskedAveragePooling}: out[b, d] = Σ_t m[b,t] x[b,t,d] / Σ_t m[b,t], and its
 * exact gradient, d out[b,d] / d x[b,t,d] = m[b,t] / Σ_t m[b,t].
 */
public class MaskedAveragePoolingVertex extends StatelessVertex {

    private final RNNFormat format;

    public MaskedAveragePoolingVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType,
                                      RNNFormat format) {
        super(graph, name, vertexIndex, dataType);
        this.format = format;
    }

    @Override
    protected INDArray forward(INDArray[] inputs) {
        INDArray weights = stepWeights(inputs);   // [batch, T]
        INDArray sequence = inputs[0];
        // NWC: [b, T, D] -> Σ_t w[b,t] x[b,t,:]; NCW: [b, D, T] -> Σ_t x[b,:,t] w[b,t]
        INDArray w = format == RNNFormat.NWC ? weights.reshape(weights.size(0), 1, weights.size(1))
                : weights.reshape(weights.size(0), weights.size(1), 1);
        return format == RNNFormat.NWC ? Nd4j.matmul(w, sequence).reshape(sequence.size(0), sequence.size(2))
                : Nd4j.matmul(sequence, w).reshape(sequence.size(0), sequence.size(1));
    }

    @Override
    protected INDArray[] backward(INDArray[] inputs, INDArray epsilon) {
        INDArray weights = stepWeights(inputs);
        long batch = weights.size(0);
        long steps = weights.size(1);
        long features = epsilon.size(1);
        // the outer product of each sample's step weights and its output gradient
        INDArray gradient = format == RNNFormat.NWC
                ? Nd4j.matmul(weights.reshape(batch, steps, 1), epsilon.reshape(batch, 1, features))
                : Nd4j.matmul(epsilon.reshape(batch, features, 1), weights.reshape(batch, 1, steps));
        return new INDArray[]{gradient, Nd4j.zerosLike(inputs[1])};
    }

    /** m[b,t] / Σ_t m[b,t]: each step's share of the mean (0/0 = NaN for a fully masked row, as Keras). */
    private INDArray stepWeights(INDArray[] inputs) {
        INDArray sequence = inputs[0];
        INDArray mask = inputs[1];
        long steps = sequence.size(format == RNNFormat.NWC ? 1 : 2);
        if (sequence.rank() != 3 || mask.rank() != 2 || mask.size(0) != sequence.size(0) || mask.size(1) != steps) {
            throw new IllegalStateException(this + " takes a sequence of rank 3 (" + format + ") and a mask [batch, T], got "
                    + Arrays.toString(sequence.shape()) + " and " + Arrays.toString(mask.shape()));
        }
        INDArray m = mask.castTo(sequence.dataType());
        return m.divColumnVector(m.sum(true, 1));
    }
}
