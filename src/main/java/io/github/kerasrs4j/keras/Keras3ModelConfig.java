package io.github.kerasrs4j.keras;

import static io.github.kerasrs4j.keras.KerasConfigValues.integer;
import static io.github.kerasrs4j.keras.KerasConfigValues.list;
import static io.github.kerasrs4j.keras.KerasConfigValues.map;
import static io.github.kerasrs4j.keras.KerasConfigValues.string;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layer graph of a Keras 3 model config (the config.json of a .keras archive, or the model_config
 * attribute of a legacy .h5): its layers in file order, each with the layers it is called on, and the
 * model's inputs and outputs in Keras order.
 *
 * <p>Functional models are read from their inbound nodes, the Keras 3 form
 * {@code [{"args": [keras tensors], "kwargs": {}}]}; Sequential models are a chain.
 */
final class Keras3ModelConfig {

    static final String FUNCTIONAL = "Functional";
    static final String SEQUENTIAL = "Sequential";
    private static final String KERAS_TENSOR = "__keras_tensor__";

    private final String modelClass;
    private final List<Keras3Layer> layers;
    private final List<String> inputs;
    private final List<String> outputs;

    private Keras3ModelConfig(String modelClass, List<Keras3Layer> layers, List<String> inputs, List<String> outputs) {
        this.modelClass = modelClass;
        this.layers = layers;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * Reads a parsed Keras 3 model config.
     *
     * @throws IllegalArgumentException naming what in the config cannot be imported
     */
    static Keras3ModelConfig parse(Map<String, Object> modelConfig) {
        String className = string(modelConfig.get("class_name"), "the model's class_name");
        if (FUNCTIONAL.equals(className)) {
            return parseFunctional(map(modelConfig.get("config"), "the model's config"));
        }
        if (SEQUENTIAL.equals(className)) {
            return parseSequential(map(modelConfig.get("config"), "the model's config"));
        }
        throw new IllegalArgumentException("the model is a " + className + " (module " + modelConfig.get("module")
                + "), a subclassed Keras model: only Functional and Sequential models can be imported, because a "
                + "subclassed model's call() is Python code that the file does not contain");
    }

    String modelClass() {
        return modelClass;
    }

    /** The layers in file order, which Keras keeps topological. */
    List<Keras3Layer> layers() {
        return layers;
    }

    /** The model's input layers, in the order Keras takes its inputs. */
    List<String> inputs() {
        return inputs;
    }

    /** The layers giving the model's outputs, in Keras order. */
    List<String> outputs() {
        return outputs;
    }

    private static Keras3ModelConfig parseFunctional(Map<String, Object> config) {
        List<Keras3Layer> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object entry : list(config.get("layers"), "the model's layers")) {
            Map<String, Object> layer = map(entry, "a layer entry");
            Map<String, Object> layerConfig = map(layer.get("config"), "a layer's config");
            String name = string(layer.containsKey("name") ? layer.get("name") : layerConfig.get("name"), "a layer's name");
            List<String> inbound = new ArrayList<>();
            List<Object> inboundShape = inboundTensors(name, list(layer.get("inbound_nodes"),
                    "inbound_nodes of layer '" + name + "'"), inbound);
            for (String source : inbound) {
                if (!names.contains(source)) {
                    throw new IllegalArgumentException("layer '" + name + "' is called on '" + source
                            + "', which is not defined before it");
                }
            }
            layers.add(newLayer(layer, layerConfig, name, inbound, builtShape(layer, inboundShape)));
            if (!names.add(name)) {
                throw new IllegalArgumentException("two layers are named '" + name + "'");
            }
        }
        return new Keras3ModelConfig(FUNCTIONAL, layers,
                layerNames(config.get("input_layers"), "input_layers", names),
                layerNames(config.get("output_layers"), "output_layers", names));
    }

    private static Keras3ModelConfig parseSequential(Map<String, Object> config) {
        List<Keras3Layer> layers = new ArrayList<>();
        String previous = null;
        for (Object entry : list(config.get("layers"), "the model's layers")) {
            Map<String, Object> layer = map(entry, "a layer entry");
            Map<String, Object> layerConfig = map(layer.get("config"), "a layer's config");
            String name = string(layerConfig.get("name"), "a layer's name");
            if (previous == null && !Keras3Layer.INPUT_LAYER.equals(layer.get("class_name"))) {
                // Keras 3 puts the InputLayer first in every built Sequential model.
                throw new IllegalArgumentException("the Sequential model does not start with an InputLayer, so it "
                        + "was saved unbuilt and its input shape is unknown: build it (or give it an Input) first");
            }
            List<String> inbound = previous == null ? List.of() : List.of(previous);
            layers.add(newLayer(layer, layerConfig, name, inbound, builtShape(layer, null)));
            previous = name;
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the Sequential model has no layers");
        }
        return new Keras3ModelConfig(SEQUENTIAL, layers, List.of(layers.get(0).name()), List.of(previous));
    }

    private static Keras3Layer newLayer(Map<String, Object> layer, Map<String, Object> layerConfig, String name,
            List<String> inbound, List<Object> inputShape) {
        String className = string(layer.get("class_name"), "the class_name of layer '" + name + "'");
        Object registered = layer.get("registered_name");
        String registeredName = registered == null ? null
                : string(registered, "the registered_name of layer '" + name + "'");
        int separator = className.indexOf('>');
        if (registeredName == null && separator >= 0) {
            // A legacy .h5 gives a registered class as class_name "package>Class" and no registered_name.
            registeredName = className;
            className = className.substring(separator + 1);
        }
        return new Keras3Layer(name, className, registeredName, layerConfig, List.copyOf(inbound), inputShape);
    }

    /** The build shape Keras recorded; else the shape of the tensor the layer was called on. */
    private static List<Object> builtShape(Map<String, Object> layer, List<Object> inboundShape) {
        Object buildConfig = layer.get("build_config");
        if (buildConfig instanceof Map && ((Map<?, ?>) buildConfig).get("input_shape") instanceof List) {
            List<Object> shape = list(((Map<?, ?>) buildConfig).get("input_shape"), "build_config.input_shape");
            // A layer over several inputs records a list of shapes; only a single shape says "scalar per sample".
            return shape.isEmpty() || shape.get(0) instanceof List ? null : shape;
        }
        return inboundShape;
    }

    /**
     * Collects the layers that {@code name}'s one call reads, in call order.
     *
     * @return the shape of its single inbound tensor, or null when it has none or several
     */
    private static List<Object> inboundTensors(String name, List<Object> nodes, List<String> inbound) {
        if (nodes.isEmpty()) {
            return null;
        }
        if (nodes.size() > 1) {
            throw new IllegalArgumentException("layer '" + name + "' is called " + nodes.size()
                    + " times (a shared layer), which is not supported");
        }
        if (nodes.get(0) instanceof List) {
            throw new IllegalArgumentException("layer '" + name + "' has Keras 2 inbound_nodes (lists, not "
                    + "{\"args\", \"kwargs\"}): this is not a Keras 3 config");
        }
        Map<String, Object> node = map(nodes.get(0), "the inbound node of layer '" + name + "'");
        Map<String, Object> kwargs = node.get("kwargs") == null ? Map.of()
                : map(node.get("kwargs"), "the call kwargs of layer '" + name + "'");
        for (Map.Entry<String, Object> kwarg : kwargs.entrySet()) {
            if (kwarg.getValue() != null) {
                throw new IllegalArgumentException("layer '" + name + "' is called with keyword argument "
                        + kwarg.getKey() + "=" + kwarg.getValue() + ", which the importer does not translate");
            }
        }
        List<Object> shapes = new ArrayList<>();
        for (Object arg : list(node.get("args"), "the call args of layer '" + name + "'")) {
            for (Object tensor : arg instanceof List ? (List<?>) arg : List.of(arg)) {
                shapes.add(addTensorSource(name, tensor, inbound));
            }
        }
        return shapes.size() == 1 && shapes.get(0) instanceof List ? list(shapes.get(0), "a tensor shape") : null;
    }

    /** Adds the layer that produced {@code tensor}; returns the tensor's shape (null when not recorded). */
    private static Object addTensorSource(String name, Object tensor, List<String> inbound) {
        Map<String, Object> keras = tensor instanceof Map ? map(tensor, "a call argument") : Map.of();
        if (!KERAS_TENSOR.equals(keras.get("class_name"))) {
            throw new IllegalArgumentException("layer '" + name + "' is called on " + tensor
                    + ", not on a Keras tensor: constant call arguments are not supported");
        }
        Map<String, Object> tensorConfig = map(keras.get("config"), "a Keras tensor's config");
        List<Object> history = list(tensorConfig.get("keras_history"), "a Keras tensor's keras_history");
        if (history.size() != 3) {
            throw new IllegalArgumentException("layer '" + name + "' reads a tensor with keras_history " + history
                    + "; expected [layer, node index, tensor index]");
        }
        String source = string(history.get(0), "the layer in a keras_history");
        if (integer(history.get(1), "a node index") != 0 || integer(history.get(2), "a tensor index") != 0) {
            throw new IllegalArgumentException("layer '" + name + "' reads output " + history.get(2) + " of call "
                    + history.get(1) + " of layer '" + source + "': only single-output, single-call layers are supported");
        }
        inbound.add(source);
        return tensorConfig.get("shape");
    }

    /** The layer names of input_layers/output_layers: a list of [name, 0, 0], or a single one. */
    private static List<String> layerNames(Object value, String field, Set<String> known) {
        List<Object> entries = list(value, field);
        List<Object> triples = !entries.isEmpty() && entries.get(0) instanceof String ? List.of(entries) : entries;
        List<String> names = new ArrayList<>();
        for (Object triple : triples) {
            List<Object> reference = list(triple, "an entry of " + field);
            String name = string(reference.isEmpty() ? null : reference.get(0), "a layer name in " + field);
            if (!known.contains(name)) {
                throw new IllegalArgumentException(field + " names '" + name + "', which is not a layer of the model");
            }
            if (reference.size() > 1 && integer(reference.get(1), "a node index in " + field) != 0
                    || reference.size() > 2 && integer(reference.get(2), "a tensor index in " + field) != 0) {
                throw new IllegalArgumentException(field + " refers to " + reference
                        + ": only the single output of a layer's single call is supported");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the model has no " + field);
        }
        return names;
    }
}
