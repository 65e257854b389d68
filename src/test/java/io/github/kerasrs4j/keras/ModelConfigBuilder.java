package io.github.kerasrs4j.keras;

import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Keras 3 model configs in the form Keras 3.x saves them (module, registered_name, DTypePolicy
 * dicts, {"args", "kwargs"} inbound nodes of __keras_tensor__s), for models the fixtures do not cover.
 */
final class ModelConfigBuilder {

    private final List<Object> layers = new ArrayList<>();
    private final Map<String, List<Object>> shapes = new LinkedHashMap<>();

    /** An InputLayer of per-sample shape {@code shape}. */
    ModelConfigBuilder input(String name, Integer... shape) {
        List<Object> batchShape = new ArrayList<>();
        batchShape.add(null);
        batchShape.addAll(Arrays.asList(shape));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("batch_shape", batchShape);
        config.put("dtype", "float32");
        config.put("sparse", false);
        config.put("ragged", false);
        config.put("name", name);
        config.put("optional", false);
        Map<String, Object> layer = entry("InputLayer", name, config);
        layer.put("inbound_nodes", List.of());
        layers.add(layer);
        shapes.put(name, batchShape);
        return this;
    }

    /**
     * A layer called on the outputs of {@code inbound} (several: as one list argument, as Keras's merge
     * layers take them); its output shape is taken as {@code outputShape} (without the batch dimension).
     */
    ModelConfigBuilder layer(String className, String name, Map<String, Object> options, List<Integer> outputShape,
            String... inbound) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("trainable", true);
        config.put("dtype", dtypePolicy());
        config.putAll(options);
        Map<String, Object> layer = entry(className, name, config);
        List<Object> tensors = new ArrayList<>();
        for (String source : inbound) {
            Map<String, Object> tensorConfig = new LinkedHashMap<>();
            tensorConfig.put("shape", shapes.get(source));
            tensorConfig.put("dtype", "float32");
            tensorConfig.put("keras_history", List.of(source, 0, 0));
            tensors.add(Map.of("class_name", "__keras_tensor__", "config", tensorConfig));
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("args", inbound.length == 1 ? tensors : List.of(tensors));
        node.put("kwargs", Map.of());
        layer.put("inbound_nodes", List.of(node));
        layers.add(layer);
        List<Object> shape = new ArrayList<>();
        shape.add(null);
        shape.addAll(outputShape);
        shapes.put(name, shape);
        return this;
    }

    /** The config.json of a Functional model with these inputs and outputs. */
    String functional(List<String> inputs, List<String> outputs) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "synthetic");
        config.put("trainable", true);
        config.put("layers", layers);
        config.put("input_layers", references(inputs));
        config.put("output_layers", outputs.size() == 1 ? List.of(outputs.get(0), 0, 0) : references(outputs));
        return model("keras.src.models.functional", "Functional", config);
    }

    /** The config.json of a Sequential model of these layers (their inbound nodes are dropped, as Keras does). */
    String sequential() {
        for (Object layer : layers) {
            ((Map<?, ?>) layer).remove("inbound_nodes");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "synthetic");
        config.put("trainable", true);
        config.put("dtype", dtypePolicy());
        config.put("layers", layers);
        return model("keras.src.models.sequential", "Sequential", config);
    }

    /** Keras's serialization of an initializer. */
    static Map<String, Object> initializer(String className) {
        Map<String, Object> initializer = new LinkedHashMap<>();
        initializer.put("module", "keras.initializers");
        initializer.put("class_name", className);
        initializer.put("config", "Zeros".equals(className) || "Ones".equals(className) ? Map.of()
                : new LinkedHashMap<>(Collections.singletonMap("seed", null)));
        initializer.put("registered_name", null);
        return initializer;
    }

    private static String model(String module, String className, Map<String, Object> config) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("module", module);
        model.put("class_name", className);
        model.put("config", config);
        model.put("registered_name", null);
        try {
            return new ObjectMapper().writeValueAsString(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Object> references(List<String> names) {
        List<Object> references = new ArrayList<>();
        for (String name : names) {
            references.add(List.of(name, 0, 0));
        }
        return references;
    }

    private static Map<String, Object> entry(String className, String name, Map<String, Object> config) {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("module", "keras.layers");
        layer.put("class_name", className);
        layer.put("config", config);
        layer.put("registered_name", null);
        layer.put("name", name);
        return layer;
    }

    private static Map<String, Object> dtypePolicy() {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("module", "keras");
        policy.put("class_name", "DTypePolicy");
        policy.put("config", Map.of("name", "float32"));
        policy.put("registered_name", null);
        return policy;
    }
}
