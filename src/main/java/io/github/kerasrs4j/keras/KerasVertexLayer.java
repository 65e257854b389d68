package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasLayerUtils;

import java.util.Map;

/**
 * A DL4J Keras mapper whose layer imports as one kerasrs4j vertex: subclasses make the vertex from the
 * layer's inner config; its output type is the vertex's. A config or input the vertex refuses fails
 * as an InvalidKerasConfigurationException naming the layer.
 */
abstract class KerasVertexLayer extends KerasLayer {

    KerasVertexLayer(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig, false);
        try {
            this.vertex = vertex(KerasLayerUtils.getInnerLayerConfigFromConfig(layerConfig, conf));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /**
     * The vertex for the layer's inner {@code config}; {@code className} and {@code layerName} are set.
     *
     * @throws IllegalArgumentException naming what is wrong with the config
     */
    abstract GraphVertex vertex(Map<String, Object> config) throws UnsupportedKerasConfigurationException;

    /** An error naming this layer. */
    InvalidKerasConfigurationException error(String problem) {
        return new InvalidKerasConfigurationException("layer '" + layerName + "' (" + className + "): " + problem);
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
