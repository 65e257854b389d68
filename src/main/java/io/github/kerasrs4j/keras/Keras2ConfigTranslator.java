package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.layers.FeatureCross;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rewrites a Keras 3 model config in the Keras 2 form DL4J's Keras layer mappers read, changing only
 * what Keras 3 changed: {@code batch_shape} becomes {@code batch_input_shape}, inbound nodes become
 * {@code [[[layer, 0, 0, {}], ...]]}, and an Embedding (of one id per sample, the only kind supported)
 * is renamed {@link #SCALAR_EMBEDDING} with {@code input_length} 1, for DL4J's feed-forward
 * Keras2DEmbedding mapper (its mapper for "Embedding" makes a sequence layer, [batch, 1, D] where
 * Keras gives [batch, D]).
 *
 * <p>Only the classes in {@link #SUPPORTED_CLASSES} pass: those whose Keras 3 configs DL4J's mappers
 * read unchanged or with the rewrites above.
 */
final class Keras2ConfigTranslator {

    /** Keras 3 layer classes the importer translates. */
    static final Set<String> SUPPORTED_CLASSES = Set.of(Keras3Layer.INPUT_LAYER, "Dense", "Embedding",
            "Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Dropout", "Activation",
            "Flatten", "Reshape", "BatchNormalization", DotInteraction.KERAS_CLASS_NAME, FeatureCross.KERAS_CLASS_NAME);

    /** keras_rs's layers: class name to the name keras_rs registers it under. */
    private static final Map<String, String> KERAS_RS_LAYERS = Map.of(
            DotInteraction.KERAS_CLASS_NAME, DotInteraction.KERAS_REGISTERED_NAME,
            FeatureCross.KERAS_CLASS_NAME, FeatureCross.KERAS_REGISTERED_NAME);

    /** The class name an Embedding of one id per sample is given, for DL4J's Keras2DEmbedding mapper. */
    static final String SCALAR_EMBEDDING = "kerasrs4j>ScalarEmbedding";

    /** The Keras version DL4J's mappers are told the rewritten config comes from. */
    private static final String KERAS_2_VERSION = "2.15.0";

    private Keras2ConfigTranslator() {
    }

    /**
     * The Keras 2 form of {@code model}, as DL4J's KerasModel reads it.
     *
     * @throws IllegalArgumentException naming the first layer whose class is not supported
     */
    static Map<String, Object> toKeras2(Keras3ModelConfig model) {
        List<Object> layers = new ArrayList<>();
        for (Keras3Layer layer : model.layers()) {
            checkSupported(layer);
            Map<String, Object> keras2 = new LinkedHashMap<>();
            keras2.put("class_name", keras2ClassName(layer));
            keras2.put("name", layer.name());
            keras2.put("config", keras2Config(layer));
            keras2.put("inbound_nodes", layer.inbound().isEmpty() ? List.of() : List.of(nodeReferences(layer.inbound())));
            layers.add(keras2);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "imported");
        config.put("layers", layers);
        config.put("input_layers", nodeReferences(model.inputs()));
        config.put("output_layers", nodeReferences(model.outputs()));
        Map<String, Object> keras2Model = new LinkedHashMap<>();
        keras2Model.put("class_name", Keras3ModelConfig.FUNCTIONAL);
        keras2Model.put("config", config);
        keras2Model.put("keras_version", KERAS_2_VERSION);
        keras2Model.put("backend", "tensorflow");
        return keras2Model;
    }

    private static void checkSupported(Keras3Layer layer) {
        String kerasRsName = KERAS_RS_LAYERS.get(layer.className());
        boolean builtIn = layer.registeredName() == null && kerasRsName == null;
        boolean kerasRs = kerasRsName != null
                && (layer.registeredName() == null || kerasRsName.equals(layer.registeredName()));
        if (!(builtIn && SUPPORTED_CLASSES.contains(layer.className())) && !kerasRs) {
            throw new IllegalArgumentException("layer " + layer.describe() + " is of a class the importer does not "
                    + "support; supported: " + new TreeSet<>(SUPPORTED_CLASSES));
        }
    }

    private static String keras2ClassName(Keras3Layer layer) {
        if ("Embedding".equals(layer.className())) {
            // DL4J's sequence Embedding import does not compose with what follows it (Flatten, pooling).
            if (!layer.takesScalarPerSample()) {
                throw new IllegalArgumentException("Embedding '" + layer.name() + "' is called on input of shape "
                        + layer.inputShape() + ": only one id per sample (Input(shape=()), fed as a column "
                        + "[batch, 1]) is supported");
            }
            return SCALAR_EMBEDDING;
        }
        return layer.className();
    }

    private static Map<String, Object> keras2Config(Keras3Layer layer) {
        Map<String, Object> config = new LinkedHashMap<>(layer.config());
        config.put("name", layer.name());
        if (layer.isInput()) {
            Object batchShape = config.remove("batch_shape");
            List<Object> shape = KerasConfigValues.list(batchShape, "batch_shape of input '" + layer.name() + "'");
            if (shape.isEmpty() || shape.size() > 2) {
                // DL4J would read (batch, steps, features) as its own recurrent layout, not Keras's.
                throw new IllegalArgumentException("input '" + layer.name() + "' has batch_shape " + shape
                        + ": only inputs of shape () or (n,) are supported");
            }
            // Keras feeds an id per sample as shape (batch,); DL4J takes it as a column [batch, 1].
            config.put("batch_input_shape", shape.size() == 1 ? Arrays.asList(null, 1) : shape);
        } else if ("Embedding".equals(layer.className())) {
            if (Boolean.TRUE.equals(config.get("mask_zero"))) {
                throw new IllegalArgumentException("Embedding '" + layer.name() + "' has mask_zero=True: Keras masks "
                        + "are not imported (DL4J's Embedding import would zero row 0 instead)");
            }
            config.put("input_length", 1);
        }
        return config;
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
