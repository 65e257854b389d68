package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of {@link LayerNormalization}: "gamma" (initialized to 1) then "beta" (to 0), each
 * [1, D], as views of the layer's flat parameter array. Neither is regularized as a weight or a bias
 * by DL4J's l1/l2 (Keras regularizes them only through gamma_/beta_regularizer).
 */
public final class LayerNormalizationParams implements ParamInitializer {

    public static final LayerNormalizationParams INSTANCE = new LayerNormalizationParams();
    public static final String GAMMA = "gamma";
    public static final String BETA = "beta";

    private LayerNormalizationParams() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return paramKeys(layer).size() * ((LayerNormalization) layer).getNOut();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        LayerNormalization config = (LayerNormalization) layer;
        List<String> keys = new ArrayList<>();
        if (config.isScale()) {
            keys.add(GAMMA);
        }
        if (config.isCenter()) {
            keys.add(BETA);
        }
        return keys;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return false;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> params = split(conf.getLayer(), paramsView);
        params.keySet().forEach(conf::addVariable);   // DL4J's setParams and updaters go by the config's variables
        if (initializeParams) {
            params.forEach((key, view) -> view.assign(GAMMA.equals(key) ? 1 : 0));
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split(conf.getLayer(), gradientView);
    }

    private Map<String, INDArray> split(Layer layer, INDArray flat) {
        long size = ((LayerNormalization) layer).getNOut();
        INDArray row = flat.reshape(flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        long offset = 0;
        for (String key : paramKeys(layer)) {
            views.put(key, row.get(NDArrayIndex.interval(offset, offset + size)).reshape(1, size));
            offset += size;
        }
        return views;
    }
}
