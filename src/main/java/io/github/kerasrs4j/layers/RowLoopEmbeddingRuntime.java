package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The runtime of {@link RowLoopEmbeddingLayer}: DL4J's EmbeddingLayer with the table's gradient summed row by
 * row on the host, in the batch's order (as ND4J's scatter-add does), then copied into the gradient view in one
 * assignment. Networks of other data types go through DL4J's own backward pass.
 */
public class RowLoopEmbeddingRuntime extends EmbeddingLayer {

    /** The table gradient's rows summed on the host, and its native copy; kept between steps. */
    private float[] sums;
    private INDArray sumsArray;

    public RowLoopEmbeddingRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray weightGradients = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        DataType type = weightGradients.dataType();
        if (type != DataType.FLOAT) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        // As DL4J's EmbeddingLayer: the activation's derivative at the lookup, then the mask. The identity's
        // derivative passes epsilon through, so the lookup is not repeated for it (the forward pass checked the ids).
        IActivation activation = layerConf().getActivationFn();
        INDArray delta = activation instanceof ActivationIdentity ? epsilon
                : activation.backprop(preOutput(true, workspaceMgr), epsilon).getFirst();
        if (maskArray != null) {
            delta.muliColumnVector(maskArray.castTo(dataType));
        }
        long[] ids = input.reshape(input.length()).toLongVector();
        float[] rows = delta.castTo(type).dup('c').data().asFloat();
        weightGradients.assign(rowSums(ids, rows, weightGradients.shape()));

        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradients);
        if (hasBias()) {
            INDArray biasGradients = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGradients, 0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradients);
        }
        return new Pair<>(gradient, null);   // no epsilon: nothing trainable comes before a lookup
    }

    /**
     * The table's gradient: each row the sum of the batch's rows that looked it up, added in the batch's order. Its
     * Java array and native copy are kept between steps, so a step does not allocate a table's worth of memory.
     */
    private INDArray rowSums(long[] ids, float[] rows, long[] tableShape) {
        int width = Math.toIntExact(tableShape[1]);
        int length = Math.toIntExact(tableShape[0] * width);
        if (sums == null || sums.length != length) {
            sums = new float[length];
            try (MemoryWorkspace detached = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                sumsArray = Nd4j.create(DataType.FLOAT, tableShape);
            }
        } else {
            Arrays.fill(sums, 0f);
        }
        for (int i = 0; i < ids.length; i++) {
            int to = Math.toIntExact(ids[i]) * width;
            int from = i * width;
            for (int d = 0; d < width; d++) {
                sums[to + d] += rows[from + d];
            }
        }
        sumsArray.data().setData(sums);
        return sumsArray;
    }
}
