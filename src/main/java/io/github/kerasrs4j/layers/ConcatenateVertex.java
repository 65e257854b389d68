package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.ColumnConcatenation;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** The runtime of {@link Concatenate}: the inputs side by side, and each input its columns of the gradient. */
public class ConcatenateVertex extends HandWrittenVertex {

    public ConcatenateVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, dataType);
    }

    @Override
    protected INDArray output(LayerWorkspaceMgr workspaceMgr) {
        long batch = inputs[0].size(0);
        long width = 0;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].rank() != 2 || inputs[i].size(0) != batch) {
                throw new IllegalArgumentException("Concatenate vertex '" + vertexName + "' input " + i + " has shape "
                        + Arrays.toString(inputs[i].shape()) + " but input 0 has shape "
                        + Arrays.toString(inputs[0].shape()) + ": every input must be [batch, n] with one batch size");
            }
            width += inputs[i].size(1);
        }
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[]{batch, width}, 'c');
        ColumnConcatenation.concatenate(inputs, output);
        return output;
    }

    @Override
    protected Pair<Gradient, INDArray[]> gradients(LayerWorkspaceMgr workspaceMgr) {
        INDArray[] gradients = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            gradients[i] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, inputs[i].shape(), 'c');
        }
        ColumnConcatenation.split(epsilon, gradients);
        return new Pair<>(null, gradients);
    }
}
