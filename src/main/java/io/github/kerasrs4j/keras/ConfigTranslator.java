package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.layers.FeatureCross;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Rewrites a flattened Keras 3 model (see {@link ModelGraph}) in the Keras 2 form DL4J's Keras
 * layer mappers read: {@code batch_shape} becomes {@code batch_input_shape}, inbound nodes become
 * {@code [[[vertex, 0, 0, {}], ...]]}, an Embedding of one id per sample becomes
 * {@link #SCALAR_EMBEDDING} for DL4J's feed-forward Keras2DEmbedding mapper, and each {@code keras.ops}
 * operation becomes the Keras 2 layer (or kerasrs4j vertex) computing the same thing in DL4J's layout.
 *
 * <p>The two tables {@link #LAYERS} and {@link #OPERATIONS} are the one place where a Keras class
 * maps to its translation; {@link #registerLayer} adds to the first.
 */
final class ConfigTranslator {

    /** Turns one vertex into its Keras 2 layer entry ({@code class_name} and {@code config}). */
    @FunctionalInterface
    interface Translation {
        /**
         * @throws IllegalArgumentException naming the vertex and why it cannot be translated
         */
        Map<String, Object> toKeras2(LayerCall layer);
    }

    /** The class name an Embedding of one id per sample is given, for DL4J's Keras2DEmbedding mapper. */
    static final String SCALAR_EMBEDDING = "kerasrs4j>ScalarEmbedding";

    /** The Keras version DL4J's mappers are told the rewritten config comes from. */
    private static final String KERAS_2_VERSION = "2.15.0";

    /** Keras layers, by registered name for registered classes, else by class name. */
    private static final Map<String, Translation> LAYERS = new LinkedHashMap<>();
    /** keras.ops operation nodes, by class name. */
    private static final Map<String, Translation> OPERATIONS = new LinkedHashMap<>();

    static {
        LAYERS.put(LayerCall.INPUT_LAYER, ConfigTranslator::input);
        for (String same : List.of("Dense", "Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum",
                "Dropout", "Activation", "Flatten", "Reshape", "BatchNormalization")) {
            LAYERS.put(same, layer -> keras2(layer.className(), layer.config()));
        }
        LAYERS.put("Embedding", ConfigTranslator::embedding);
        LAYERS.put("LayerNormalization", TwoTowerTranslations::layerNormalization);
        LAYERS.put("Dot", TwoTowerTranslations::dot);
        LAYERS.put("GlobalAveragePooling1D", TwoTowerTranslations::globalAveragePooling);
        LAYERS.put("GlobalMaxPooling1D", TwoTowerTranslations::globalMaxPooling);
        LAYERS.put(DotInteraction.KERAS_CLASS_NAME, layer -> keras2(layer.className(), layer.config()));
        LAYERS.put(DotInteraction.KERAS_REGISTERED_NAME, layer -> keras2(layer.className(), layer.config()));
        LAYERS.put(FeatureCross.KERAS_CLASS_NAME, layer -> keras2(layer.className(), layer.config()));
        LAYERS.put(FeatureCross.KERAS_REGISTERED_NAME, layer -> keras2(layer.className(), layer.config()));

        OPERATIONS.put("Cast", OperationTranslations::cast);
        OPERATIONS.put("Reshape", OperationTranslations::reshape);
        OPERATIONS.put("ExpandDims", OperationTranslations::expandDims);
        OPERATIONS.put("Squeeze", OperationTranslations::squeeze);
        OPERATIONS.put("Concatenate", OperationTranslations::concatenate);
        for (String binary : List.of("Add", "Subtract", "Multiply", "Divide")) {
            OPERATIONS.put(binary, OperationTranslations::binary);
        }
        OPERATIONS.put("NotEqual", TwoTowerTranslations::notEqual);
    }

    private ConfigTranslator() {
    }

    /**
     * Makes the importer translate the Keras layer class {@code kerasClass} (its registered name,
     * e.g. "keras_rs>FeatureCross", for a registered class; its class name for Keras's own layers).
     * The translation's {@code class_name} must be one DL4J's {@code KerasLayer} knows, or one
     * registered with {@code KerasLayer.registerCustomLayer}.
     */
    static synchronized void registerLayer(String kerasClass, Translation translation) {
        LAYERS.put(kerasClass, translation);
    }

    /**
     * The Keras 2 form of {@code model}, as DL4J's KerasModel reads it.
     *
     * @throws IllegalArgumentException naming the first vertex that cannot be translated
     */
    static synchronized Map<String, Object> toKeras2(ModelGraph model) {
        List<Object> layers = new ArrayList<>();
        for (LayerCall layer : model.layers()) {
            Map<String, Object> keras2 = new LinkedHashMap<>(translation(layer).toKeras2(layer));
            Map<String, Object> config = new LinkedHashMap<>(ConfigValues.map(keras2.get("config"), "a translation"));
            config.put("name", layer.name());
            keras2.put("config", config);
            keras2.put("name", layer.name());
            keras2.put("inbound_nodes", layer.inbound().isEmpty() ? List.of() : List.of(nodeReferences(layer.inbound())));
            layers.add(keras2);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "imported");
        config.put("layers", layers);
        config.put("input_layers", nodeReferences(model.inputs().stream().map(ModelGraph.Endpoint::vertex).toList()));
        config.put("output_layers", nodeReferences(model.outputs().stream().map(ModelGraph.Endpoint::vertex).toList()));
        Map<String, Object> keras2Model = new LinkedHashMap<>();
        keras2Model.put("class_name", ModelGraph.FUNCTIONAL);
        keras2Model.put("config", config);
        keras2Model.put("keras_version", KERAS_2_VERSION);
        keras2Model.put("backend", "tensorflow");
        return keras2Model;
    }

    private static Translation translation(LayerCall layer) {
        if (layer.operation()) {
            Translation operation = OPERATIONS.get(layer.className());
            if (operation == null) {
                throw new IllegalArgumentException("operation " + layer.describe() + " (a keras.ops call) is not "
                        + "supported; supported operations: " + new TreeSet<>(OPERATIONS.keySet()));
            }
            return operation;
        }
        Translation translation = LAYERS.get(layer.registeredName() != null ? layer.registeredName() : layer.className());
        if (translation == null) {
            throw new IllegalArgumentException("layer " + layer.describe() + " is of a class the importer does not "
                    + "support; supported: " + new TreeSet<>(LAYERS.keySet()));
        }
        return translation;
    }

    /** A Keras 2 layer entry. */
    static Map<String, Object> keras2(String className, Map<String, Object> config) {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("class_name", className);
        layer.put("config", config);
        return layer;
    }

    private static Map<String, Object> input(LayerCall layer) {
        Map<String, Object> config = new LinkedHashMap<>(layer.config());
        Object batchShape = config.remove("batch_shape");
        List<Object> shape = ConfigValues.list(batchShape, "batch_shape of input '" + layer.name() + "'");
        if (shape.isEmpty() || shape.size() > 2) {
            // DL4J would read (batch, steps, features) as its own recurrent layout, not Keras's.
            throw new IllegalArgumentException("input '" + layer.name() + "' has batch_shape " + shape
                    + ": only inputs of shape () or (n,) are supported");
        }
        if (shape.size() == 2 && !(shape.get(1) instanceof Integer && (Integer) shape.get(1) > 0)) {
            throw new IllegalArgumentException("input '" + layer.name() + "' has batch_shape " + shape
                    + ": its size per sample must be a positive number");
        }
        if ("string".equals(config.get("dtype"))) {
            throw new IllegalArgumentException("input '" + layer.name() + "' holds strings, which only a StringLookup "
                    + "layer can turn into numbers, and the importer runs one only where it alone reads the input");
        }
        // Keras feeds an id per sample as shape (batch,); DL4J takes it as a column [batch, 1].
        config.put("batch_input_shape", shape.size() == 1 ? Arrays.asList(null, 1) : shape);
        return keras2(LayerCall.INPUT_LAYER, config);
    }

    /**
     * An Embedding of one id per sample becomes DL4J's feed-forward embedding ([batch, D], as Keras
     * gives); one of a fixed-length id list, DL4J's sequence embedding in Keras's [batch, T, D] layout.
     * mask_zero is dropped: Keras 3 records the mask it makes as an explicit NotEqual node that the
     * layers using it read, and DL4J's mapper would otherwise zero row 0 of the table.
     */
    private static Map<String, Object> embedding(LayerCall layer) {
        Map<String, Object> config = new LinkedHashMap<>(layer.config());
        config.put("mask_zero", false);
        if (layer.takesScalarPerSample()) {
            config.put("input_length", 1);
            return keras2(SCALAR_EMBEDDING, config);
        }
        List<Object> shape = layer.inputShape();
        if (shape == null || shape.size() != 2 || !(shape.get(1) instanceof Integer)) {
            throw new IllegalArgumentException("Embedding " + layer.describe() + " is called on input of shape "
                    + shape + ": only one id per sample (shape ()) or a fixed number of ids (shape (n,)) is supported");
        }
        config.put("input_length", shape.get(1));
        return keras2("Embedding", config);
    }

    /** [[name, 0, 0, {}], ...]: Keras 2's reference to each layer's first call and output. */
    private static List<Object> nodeReferences(List<String> layerNames) {
        List<Object> references = new ArrayList<>();
        for (String name : layerNames) {
            references.add(List.of(name, 0, 0, Map.of()));
        }
        return references;
    }

}
