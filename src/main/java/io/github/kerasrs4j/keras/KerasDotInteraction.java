package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.layers.DotInteraction;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

import java.util.Map;

/**
 * DL4J's Keras import of {@code keras_rs.layers.DotInteraction}: a {@link DotInteraction} vertex with
 * the file's self_interaction and skip_gather.
 *
 * <p>Call {@link #register()} once before DL4J's own {@code KerasModelImport} reads a file that uses
 * the layer; {@link KerasRsModelImport} does so itself.
 */
public class KerasDotInteraction extends KerasVertexLayer {

    /**
     * Makes DL4J's Keras import map the layer under both names a Keras file gives it ("DotInteraction"
     * and "keras_rs&gt;DotInteraction"). Idempotent: calling it again changes nothing.
     */
    public static void register() {
        KerasLayer.registerCustomLayer(DotInteraction.KERAS_CLASS_NAME, KerasDotInteraction.class);
        KerasLayer.registerCustomLayer(DotInteraction.KERAS_REGISTERED_NAME, KerasDotInteraction.class);
    }

    /**
     * The constructor DL4J's Keras import calls with a layer's whole config ({@code class_name},
     * {@code config}, {@code inbound_nodes}, ...).
     */
    public KerasDotInteraction(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig);
    }

    @Override
    GraphVertex vertex(Map<String, Object> config) {
        return DotInteraction.fromKerasConfig(config);
    }

    /** The vertex this layer imports as. */
    public DotInteraction getDotInteraction() {
        return (DotInteraction) vertex;
    }
}
