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
 * layer's inner config; its output type is the vertex's, with the layer named in any error.
 */
abstract class KerasVertexLayer extends KerasLayer {

    KerasVertexLayer(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig, false);
        this.vertex = vertex(KerasLayerUtils.getInnerLayerConfigFromConfig(layerConfig, conf));
    }

    /** The vertex for the layer's inner {@code config}; {@code className} and {@code layerName} are set. */
    abstract GraphVertex vertex(Map<String, Object> config) throws UnsupportedKerasConfigurationException;

    @Override
    public InputType getOutputType(InputType... inputTypes) throws InvalidKerasConfigurationException {
        try {
            return vertex.getOutputType(-1, inputTypes);
        } catch (InvalidInputTypeException e) {
            throw new InvalidKerasConfigurationException("layer '" + layerName + "' (" + className + "): " + e.getMessage());
        }
    }
}
