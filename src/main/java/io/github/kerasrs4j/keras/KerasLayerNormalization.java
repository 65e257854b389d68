package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.layers.LayerNormalization;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasLayerUtils;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DL4J's Keras import of Keras's {@code LayerNormalization} over the last axis of [batch, D]: a
 * {@link LayerNormalization} layer with the file's epsilon, scale, center, gamma and beta.
 * {@link TwoTowerTranslations} registers it under {@link #CLASS_NAME}.
 */
public class KerasLayerNormalization extends KerasLayer {

    static final String CLASS_NAME = "kerasrs4j>LayerNormalization";

    /** The constructor DL4J's Keras import calls with the layer's whole config. */
    public KerasLayerNormalization(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig, false);
        Map<String, Object> config = KerasLayerUtils.getInnerLayerConfigFromConfig(layerConfig, conf);
        Object axis = config.get("axis");
        if (!(List.of(-1).equals(axis) || Integer.valueOf(-1).equals(axis) || List.of(1).equals(axis)
                || Integer.valueOf(1).equals(axis))) {
            throw new UnsupportedKerasConfigurationException("LayerNormalization '" + layerName + "' has axis " + axis
                    + ": only the last axis of a [batch, D] input is supported");
        }
        if (Boolean.TRUE.equals(config.get("rms_scaling"))) {
            throw new UnsupportedKerasConfigurationException("LayerNormalization '" + layerName
                    + "' has rms_scaling=True, which is not supported");
        }
        this.layer = new LayerNormalization.Builder().name(layerName)
                .epsilon(((Number) config.getOrDefault("epsilon", 1e-3)).doubleValue())
                .scale(!Boolean.FALSE.equals(config.get("scale")))
                .center(!Boolean.FALSE.equals(config.get("center"))).build();
    }

    @Override
    public InputType getOutputType(InputType... inputTypes) throws InvalidKerasConfigurationException {
        if (inputTypes.length != 1 || inputTypes[0].getType() != InputType.Type.FF) {
            throw new InvalidKerasConfigurationException("LayerNormalization '" + layerName + "' takes one [batch, D] "
                    + "input, got " + java.util.Arrays.toString(inputTypes));
        }
        return inputTypes[0];
    }

    /** gamma and/or beta: DL4J copies a mapper's weights only when it counts them. */
    @Override
    public int getNumParams() {
        LayerNormalization config = (LayerNormalization) layer;
        return (config.isScale() ? 1 : 0) + (config.isCenter() ? 1 : 0);
    }

    /** gamma and beta, [D] in Keras, become the layer's [1, D] parameters of the same names. */
    @Override
    public void setWeights(Map<String, INDArray> weights) {
        this.weights = new HashMap<>();
        weights.forEach((name, value) -> this.weights.put(name, value.reshape(1, value.length())));
    }
}
