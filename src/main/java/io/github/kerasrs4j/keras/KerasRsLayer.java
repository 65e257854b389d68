package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasLayerUtils;

import java.util.Map;
import java.util.function.Function;

/**
 * What the DL4J Keras mappers of keras_rs's layers share: the layer's config read into its vertex
 * config, and the vertex's InputType inference, each failure an InvalidKerasConfigurationException
 * naming the layer.
 */
abstract class KerasRsLayer extends KerasLayer {

    private final String kerasClass;

    /**
     * @param layerConfig     the layer's whole config, as DL4J's Keras import passes it
     * @param kerasClass      the Keras class name, for messages
     * @param fromKerasConfig reads the layer's inner {@code config} into its vertex
     */
    KerasRsLayer(Map<String, Object> layerConfig, String kerasClass,
                 Function<Map<String, Object>, GraphVertex> fromKerasConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig, false);
        this.kerasClass = kerasClass;
        Map<String, Object> config = KerasLayerUtils.getInnerLayerConfigFromConfig(layerConfig, conf);
        try {
            this.vertex = fromKerasConfig.apply(config);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** An error naming this layer. */
    InvalidKerasConfigurationException error(String problem) {
        return new InvalidKerasConfigurationException(kerasClass + " layer '" + layerName + "': " + problem);
    }

    @Override
    public InputType getOutputType(InputType... inputTypes) throws InvalidKerasConfigurationException {
        try {
            return vertex.getOutputType(-1, inputTypes);
        } catch (InvalidInputTypeException e) {
            throw error(e.getMessage());
        }
    }
}
