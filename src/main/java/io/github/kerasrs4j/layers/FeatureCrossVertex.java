package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime of {@link FeatureCross} in a ComputationGraph, and our own: DL4J's stock SameDiff
 * vertex runtime doubles the gradients it passes upstream, this one hands x0, x and every parameter
 * its exact gradient. The work is done by {@link FeatureCrossRuntime}.
 *
 * <p>Its parameters are views of the graph's flat parameter vector, in {@link FeatureCross#paramShapes()}
 * order, each in c order; the mask of x0, if any, passes through unchanged, as Keras's does.
 */
public class FeatureCrossVertex extends HandWrittenVertex {

    private final FeatureCross config;
    private final FeatureCrossRuntime runtime;
    private final INDArray params;
    private final Map<String, INDArray> paramTable;
    private INDArray gradients;
    private Map<String, INDArray> gradientTable;

    /** Made by {@link FeatureCross#instantiate}: {@code paramsView} holds the parameters, which it may initialize. */
    public FeatureCrossVertex(ComputationGraph graph, String name, int vertexIndex, INDArray paramsView,
                              boolean initializeParams, DataType dataType, FeatureCross config) {
        super(graph, name, vertexIndex, dataType);
        this.config = config;
        this.params = paramsView;
        this.paramTable = views(paramsView, config);
        if (initializeParams) {
            config.initializeParameters(paramTable);
        }
        this.runtime = new FeatureCrossRuntime(config, dataType, "FeatureCross vertex '" + name + "'");
    }

    /** Reshaped views of a flat [1, n] array, one per parameter. */
    private static Map<String, INDArray> views(INDArray flat, FeatureCross config) {
        INDArray vector = flat.reshape(flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, long[]> shape : config.paramShapes().entrySet()) {
            long length = shape.getValue()[0] * shape.getValue()[1];
            views.put(shape.getKey(), vector.get(NDArrayIndex.interval(offset, offset + length))
                    .reshape('c', shape.getValue()));
            offset += length;
        }
        if (offset != flat.length()) {
            throw new IllegalArgumentException("FeatureCross '" + config.getLayerName() + "' has " + offset
                    + " parameters but was given a view of " + flat.length());
        }
        return views;
    }

    @Override
    protected INDArray output(LayerWorkspaceMgr workspaceMgr) {
        return runtime.forward(inputs, paramTable, workspaceMgr);
    }

    @Override
    protected Pair<Gradient, INDArray[]> gradients(LayerWorkspaceMgr workspaceMgr) {
        if (gradientTable == null) {
            throw new IllegalStateException(this + ": no gradient view set (call graph.init() first)");
        }
        INDArray[] inputGradients = runtime.backward(inputs, epsilon, paramTable, gradientTable, workspaceMgr);
        Gradient gradient = new DefaultGradient(gradients);
        gradientTable.forEach(gradient::setGradientFor);
        return new Pair<>(gradient, inputGradients);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        gradients = backpropGradientsViewArray;
        gradientTable = backpropGradientsViewArray == null ? null : views(backpropGradientsViewArray, config);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        return new Pair<>(maskArrays == null || maskArrays.length == 0 ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public Map<String, INDArray> paramTable(boolean backpropOnly) {
        return Collections.unmodifiableMap(paramTable);
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public INDArray getGradientsViewArray() {
        return gradients;
    }

    @Override
    public TrainingConfig getConfig() {
        return config;
    }

    @Override
    public String toString() {
        return "FeatureCrossVertex(id=" + vertexIndex + ", name=\"" + vertexName + "\", " + config + ")";
    }
}
