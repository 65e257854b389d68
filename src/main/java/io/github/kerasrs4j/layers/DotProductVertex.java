package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The runtime of {@link DotProduct}: out[b] = a[b]·c[b], after scaling each row to unit length when
 * normalizing, with its exact gradients.
 */
public class DotProductVertex extends StatelessVertex {

    /** Keras's epsilon squared: the smallest squared length it divides by (ops.normalize). */
    private static final double MIN_SQUARED_NORM = 1e-14;

    private final boolean normalize;

    public DotProductVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType, boolean normalize) {
        super(graph, name, vertexIndex, dataType);
        this.normalize = normalize;
    }

    @Override
    protected INDArray forward(INDArray[] inputs) {
        checkInputs(inputs);
        return unit(inputs[0]).mul(unit(inputs[1])).sum(true, 1);
    }

    @Override
    protected INDArray[] backward(INDArray[] inputs, INDArray epsilon) {
        INDArray a = unit(inputs[0]);
        INDArray c = unit(inputs[1]);
        return new INDArray[]{unitBackward(inputs[0], c.mulColumnVector(epsilon)),
                unitBackward(inputs[1], a.mulColumnVector(epsilon))};
    }

    /** x scaled to unit rows when normalizing, else x itself. */
    private INDArray unit(INDArray x) {
        return normalize ? x.mulColumnVector(inverseNorms(x)) : x;
    }

    /** 1 / sqrt(max(|x_b|², 1e-14)) per row, [batch, 1]. */
    private static INDArray inverseNorms(INDArray x) {
        return Transforms.pow(Transforms.max(x.mul(x).sum(true, 1), MIN_SQUARED_NORM, false), -0.5, false);
    }

    /**
     * The gradient of x from that of unit(x): for u = x r with r = |x|^-1, du/dx g = r g - r³ x (x·g);
     * where the length is clamped, r is a constant and only r g remains.
     */
    private INDArray unitBackward(INDArray x, INDArray gradient) {
        if (!normalize) {
            return gradient.dup();
        }
        INDArray squared = x.mul(x).sum(true, 1);
        INDArray r = inverseNorms(x);
        INDArray unclamped = squared.gt(MIN_SQUARED_NORM).castTo(x.dataType());
        INDArray projection = x.mul(gradient).sum(true, 1).muli(r).muli(r).muli(r).muli(unclamped);
        return gradient.mulColumnVector(r).subi(x.mulColumnVector(projection));
    }

    private void checkInputs(INDArray[] inputs) {
        if (inputs.length != 2 || inputs[0].rank() != 2 || !inputs[0].equalShapes(inputs[1])) {
            throw new IllegalStateException(this + " takes two arrays [batch, D] of one shape, got "
                    + java.util.Arrays.toString(java.util.Arrays.stream(inputs).map(i -> java.util.Arrays.toString(i.shape())).toArray()));
        }
    }
}
