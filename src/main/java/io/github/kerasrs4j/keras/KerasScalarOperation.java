package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasLayerUtils;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DL4J's Keras import of a {@code keras.ops} add or multiply of a tensor and a scalar constant: a
 * {@link ShiftVertex} (x + c) or a {@link ScaleVertex} (x * c), both with exact gradients and no
 * parameters. {@link KerasRsModelImport} registers it under {@link #CLASS_NAME}.
 */
public class KerasScalarOperation extends KerasLayer {

    /** The class name the translated config gives these operations. */
    static final String CLASS_NAME = "kerasrs4j>ScalarOperation";
    private static final String SCALE = "scale";
    private static final String SHIFT = "shift";

    /** The constructor DL4J's Keras import calls with the layer's whole config. */
    public KerasScalarOperation(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig, false);
        Map<String, Object> config = KerasLayerUtils.getInnerLayerConfigFromConfig(layerConfig, conf);
        Object value = config.get("value");
        if (!(value instanceof Number)) {
            throw new InvalidKerasConfigurationException("operation '" + layerName + "' has no numeric constant");
        }
        double constant = ((Number) value).doubleValue();
        this.vertex = SCALE.equals(config.get("op")) ? new ScaleVertex(constant) : new ShiftVertex(constant);
    }

    /** The Keras 2 entry of x * c. */
    static Map<String, Object> scale(double c) {
        return entry(SCALE, c);
    }

    /** The Keras 2 entry of x + c. */
    static Map<String, Object> shift(double c) {
        return entry(SHIFT, c);
    }

    private static Map<String, Object> entry(String op, double c) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("trainable", true);
        config.put("dtype", "float32");
        config.put("op", op);
        config.put("value", c);
        return ConfigTranslator.keras2(CLASS_NAME, config);
    }

    @Override
    public InputType getOutputType(InputType... inputTypes) throws InvalidKerasConfigurationException {
        if (inputTypes.length != 1) {
            throw new InvalidKerasConfigurationException("operation '" + layerName + "' takes one tensor, got "
                    + inputTypes.length);
        }
        return inputTypes[0];
    }
}
