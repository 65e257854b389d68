package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.layers.FeatureCross;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.Map;

/**
 * DL4J's Keras import of {@code keras_rs.layers.FeatureCross}: a {@link FeatureCross} vertex with the
 * file's arguments, called on x0 or on (x0, x). Its weights, which Keras keeps in Dense sublayers
 * ("down_proj_dense/kernel", "dense/kernel", "dense/bias"), become U, V (or W) and b.
 *
 * <p>Call {@link #register()} once before DL4J's own {@code KerasModelImport} reads a file that uses
 * the layer; {@link KerasRsModelImport} does so itself.
 */
public class KerasFeatureCross extends KerasVertexLayer {

    /**
     * Makes DL4J's Keras import map the layer under both names a Keras file gives it ("FeatureCross"
     * and "keras_rs&gt;FeatureCross"). Idempotent.
     */
    public static void register() {
        KerasLayer.registerCustomLayer(FeatureCross.KERAS_CLASS_NAME, KerasFeatureCross.class);
        KerasLayer.registerCustomLayer(FeatureCross.KERAS_REGISTERED_NAME, KerasFeatureCross.class);
    }

    /** The constructor DL4J's Keras import calls with a layer's whole config. */
    public KerasFeatureCross(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig);
    }

    @Override
    GraphVertex vertex(Map<String, Object> config) {
        return FeatureCross.fromKerasConfig(config);
    }

    /** The vertex this layer imports as. */
    public FeatureCross getFeatureCross() {
        return (FeatureCross) vertex;
    }

    /** Takes the Keras weights by their sublayer names and keeps them under the vertex's parameter keys. */
    @Override
    public void setWeights(Map<String, INDArray> weights) throws InvalidKerasConfigurationException {
        boolean lowRank = getFeatureCross().getProjectionDim() != null;
        Map<String, String> keys = new HashMap<>();
        keys.put(WeightNames.FEATURE_CROSS_DOWN_PROJECTION, FeatureCross.DOWN_PROJECTION);
        keys.put(WeightNames.FEATURE_CROSS_KERNEL, lowRank ? FeatureCross.UP_PROJECTION : FeatureCross.KERNEL);
        keys.put(WeightNames.FEATURE_CROSS_BIAS, FeatureCross.BIAS);
        this.weights = new HashMap<>();
        for (Map.Entry<String, INDArray> weight : weights.entrySet()) {
            String key = keys.get(weight.getKey());
            if (key == null) {
                throw error("unexpected weight '" + weight.getKey() + "'; expected " + keys.keySet());
            }
            this.weights.put(key, weight.getValue());
        }
    }
}
