package io.github.kerasrs4j.keras;

import java.util.List;
import java.util.Map;

/**
 * One layer of a Keras 3 model config.
 *
 * @param name           the layer's name, unique in the model
 * @param className      its Keras class name, e.g. "Dense"
 * @param registeredName the serialization name of a registered (non-built-in) class, e.g. "keras_rs>DotInteraction"; null for Keras's own layers
 * @param config         its {@code get_config()}
 * @param inbound        the layers whose (single) outputs it is called on, in call order; empty for an InputLayer
 * @param inputShape     the shape it was built for, batch dimension first, or null when the file does not say
 */
record Keras3Layer(String name, String className, String registeredName, Map<String, Object> config,
                   List<String> inbound, List<Object> inputShape) {

    static final String INPUT_LAYER = "InputLayer";

    boolean isInput() {
        return INPUT_LAYER.equals(className);
    }

    /** Whether it was built for one value per sample (shape (batch,)), as an Embedding of a categorical id is. */
    boolean takesScalarPerSample() {
        return inputShape != null && inputShape.size() == 1;
    }

    /** "name (Class)", for messages. */
    String describe() {
        return "'" + name + "' (" + (registeredName != null ? registeredName : className) + ")";
    }
}
