package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.layers.NotEqualMask;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasLayerUtils;

import java.util.Map;

/**
 * DL4J's Keras import of {@code ops.not_equal(ids, value)}, the mask an {@code Embedding(mask_zero=True)}
 * records: a {@link NotEqualMask} vertex. {@link KerasTwoTowerLayers} registers it under {@link #CLASS_NAME}.
 */
public class KerasNotEqual extends KerasLayer {

    static final String CLASS_NAME = "kerasrs4j>NotEqual";

    /** The constructor DL4J's Keras import calls with the layer's whole config. */
    public KerasNotEqual(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig, false);
        Map<String, Object> config = KerasLayerUtils.getInnerLayerConfigFromConfig(layerConfig, conf);
        this.vertex = new NotEqualMask(((Number) config.get("value")).doubleValue());
    }

    @Override
    public InputType getOutputType(InputType... inputTypes) {
        return vertex.getOutputType(-1, inputTypes);
    }
}
