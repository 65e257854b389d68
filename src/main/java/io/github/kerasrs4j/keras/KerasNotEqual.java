package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.layers.NotEqualMask;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

import java.util.Map;

/**
 * DL4J's Keras import of {@code ops.not_equal(ids, value)}, the mask an {@code Embedding(mask_zero=True)}
 * records: a {@link NotEqualMask} vertex. {@link TwoTowerTranslations} registers it under {@link #CLASS_NAME}.
 */
public class KerasNotEqual extends KerasVertexLayer {

    static final String CLASS_NAME = "kerasrs4j>NotEqual";

    /** The constructor DL4J's Keras import calls with the layer's whole config. */
    public KerasNotEqual(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig);
    }

    @Override
    GraphVertex vertex(Map<String, Object> config) {
        return new NotEqualMask(((Number) config.get("value")).doubleValue());
    }
}
