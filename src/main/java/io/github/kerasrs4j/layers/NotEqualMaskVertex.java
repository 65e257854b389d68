package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The runtime of {@link NotEqualMask}: a 0/1 array, and no gradient for its input (ids, as DL4J's embedding layers read). */
public class NotEqualMaskVertex extends StatelessVertex {

    private final double value;

    public NotEqualMaskVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType, double value) {
        super(graph, name, vertexIndex, dataType);
        this.value = value;
    }

    @Override
    protected INDArray forward(INDArray[] inputs) {
        return inputs[0].neq(value).castTo(dataType);
    }

    @Override
    protected INDArray[] backward(INDArray[] inputs, INDArray epsilon) {
        return new INDArray[]{null};   // no gradient for ids, as DL4J's embedding layers give none

    }
}
