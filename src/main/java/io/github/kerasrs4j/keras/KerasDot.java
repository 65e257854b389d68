package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.layers.DotProduct;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

import java.util.List;
import java.util.Map;

/**
 * DL4J's Keras import of Keras's {@code Dot(axes=1)} of two [batch, D] tensors: a {@link DotProduct}
 * vertex, normalizing when the file says so. {@link TwoTowerTranslations} registers it under {@link #CLASS_NAME}.
 */
public class KerasDot extends KerasVertexLayer {

    static final String CLASS_NAME = "kerasrs4j>Dot";

    /** The constructor DL4J's Keras import calls with the layer's whole config. */
    public KerasDot(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig);
    }

    @Override
    GraphVertex vertex(Map<String, Object> config) throws UnsupportedKerasConfigurationException {
        Object axes = config.get("axes");
        boolean featureAxis = List.of(1, -1).stream().anyMatch(a -> a.equals(axes) || List.of(a, a).equals(axes))
                || List.of(1, -1).equals(axes) || List.of(-1, 1).equals(axes);
        if (!featureAxis) {
            throw new UnsupportedKerasConfigurationException("Dot '" + layerName + "' has axes " + axes
                    + ": only axes=1 (the feature axis of two [batch, D] tensors) is supported");
        }
        return new DotProduct(Boolean.TRUE.equals(config.get("normalize")));
    }
}
