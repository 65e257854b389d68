package io.github.kerasrs4j.keras;

import static io.github.kerasrs4j.keras.ConfigValues.integer;
import static io.github.kerasrs4j.keras.ConfigValues.list;
import static io.github.kerasrs4j.keras.ConfigValues.map;
import static io.github.kerasrs4j.keras.ConfigValues.string;

import io.github.kerasrs4j.keras.LayerCall.TensorArg;
import io.github.kerasrs4j.keras.LayerCall.WeightLocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The graph of a Keras 3 model config (the config.json of a .keras archive, or the model_config
 * attribute of a legacy .h5), flattened into vertices in an order where each comes after those it
 * reads: one vertex per call of a layer or operation, nested Sequential and Functional models
 * inlined, a shared layer's every call its own vertex.
 *
 * <p>Functional models are read from their inbound nodes, the Keras 3 form
 * {@code [{"args": [keras tensors and constants], "kwargs": {}}]}; Sequential models are a chain.
 * The model's inputs and outputs keep Keras's names: a dict's keys (in Keras's order, sorted by key,
 * as {@code model.inputs} has them), else the layers' names.
 */
final class ModelGraph {

    static final String FUNCTIONAL = "Functional";
    static final String SEQUENTIAL = "Sequential";
    private static final Set<String> MODEL_CLASSES = Set.of(FUNCTIONAL, SEQUENTIAL, "Model");
    private static final String KERAS_TENSOR = "__keras_tensor__";
    /** The layers whose Keras mask argument (a tensor) is imported, as their last input. */
    private static final Set<String> MASK_READERS = Set.of("GlobalAveragePooling1D");
    /** Appended to a shared layer's vertex name for its second, third, ... call. */
    static final String CALL_SUFFIX = "_call";

    /**
     * A model input or output.
     *
     * @param name   its Keras name (what {@code model.predict} takes as a dict key)
     * @param vertex the graph vertex that takes or computes it
     */
    record Endpoint(String name, String vertex) {
    }

    private final String modelClass;
    private final List<LayerCall> layers;
    private final List<Endpoint> inputs;
    private final List<Endpoint> outputs;

    private ModelGraph(String modelClass, List<LayerCall> layers, List<Endpoint> inputs, List<Endpoint> outputs) {
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
    static ModelGraph parse(Map<String, Object> modelConfig) {
        String className = string(modelConfig.get("class_name"), "the model's class_name");
        if (!FUNCTIONAL.equals(className) && !SEQUENTIAL.equals(className)) {
            throw new IllegalArgumentException("the model is a " + className + " (module " + modelConfig.get("module")
                    + "), a subclassed Keras model: only Functional and Sequential models can be imported, because a "
                    + "subclassed model's call() is Python code that the file does not contain. Re-save it as a "
                    + "Functional model: build the same layers on keras.Input tensors, e.g. "
                    + "inputs = {name: keras.Input(shape, name=name) ...}; functional = keras.Model(inputs, "
                    + "model.call(inputs)); functional.save(\"model.keras\") (the layers, and so the weights, are shared)");
        }
        Parser parser = new Parser();
        Scope top = new Scope("", List.of(), null);
        Map<String, Object> config = map(modelConfig.get("config"), "the model's config");
        List<Endpoint>[] ends = FUNCTIONAL.equals(className)
                ? parser.functional(config, top, null) : parser.sequential(config, top, null);
        checkOutputs(ends[1], ends[0]);
        return new ModelGraph(className, List.copyOf(parser.layers), ends[0], ends[1]);
    }

    String modelClass() {
        return modelClass;
    }

    /** This model with other vertices (in an order where each comes after those it reads) and the same inputs and outputs. */
    ModelGraph withLayers(List<LayerCall> newLayers) {
        return new ModelGraph(modelClass, List.copyOf(newLayers), inputs, outputs);
    }

    /** The vertices, each after the vertices it reads. */
    List<LayerCall> layers() {
        return layers;
    }

    /** The model's inputs, in the order Keras takes them. */
    List<Endpoint> inputs() {
        return inputs;
    }

    /** The model's outputs, in Keras order. */
    List<Endpoint> outputs() {
        return outputs;
    }

    /** DL4J names each graph output by its vertex: two outputs cannot be one vertex, nor an input. */
    private static void checkOutputs(List<Endpoint> outputs, List<Endpoint> inputs) {
        Map<String, String> seen = new HashMap<>();
        inputs.forEach(input -> seen.put(input.vertex(), "input '" + input.name() + "'"));
        for (Endpoint output : outputs) {
            String earlier = seen.put(output.vertex(), "output '" + output.name() + "'");
            if (earlier != null) {
                throw new IllegalArgumentException("output '" + output.name() + "' is the same tensor as " + earlier
                        + ": a DL4J graph cannot give one vertex as two of its inputs and outputs");
            }
        }
    }

    /**
     * Where a (possibly nested) model's layers go: the prefix of their vertex names, the group of
     * their weights in an archive, and the top-level layer that holds their weights in a legacy .h5
     * (null at the top level).
     */
    private record Scope(String prefix, List<String> archiveGroup, String h5Group) {

        Scope nested(String vertex, String archiveKey, String layerName) {
            return new Scope(vertex + "/", path(archiveKey), h5Group != null ? h5Group : layerName);
        }

        List<String> path(String archiveKey) {
            List<String> path = new ArrayList<>(archiveGroup);
            path.add("layers");
            path.add(archiveKey);
            return path;
        }

        WeightLocation weights(String archiveKey, String layerName) {
            return new WeightLocation(path(archiveKey), h5Group != null ? h5Group : layerName,
                    h5Group != null ? layerName : null);
        }
    }

    /** One layer entry of a model config. */
    private record Entry(String name, String className, Map<String, Object> layer, Map<String, Object> config,
                         boolean operation, String archiveKey) {

        boolean isInput() {
            return LayerCall.INPUT_LAYER.equals(className);
        }

        boolean isModel() {
            return MODEL_CLASSES.contains(className) && config.get("layers") instanceof List;
        }
    }

    private static final class Parser {
        final List<LayerCall> layers = new ArrayList<>();
        final Set<String> vertices = new HashSet<>();

        /**
         * Inlines a Functional model; {@code bound} gives the tensors its inputs take when it is nested
         * (null at the top level, where its InputLayers become graph inputs).
         *
         * @return its inputs and outputs
         */
        @SuppressWarnings("unchecked")
        List<Endpoint>[] functional(Map<String, Object> config, Scope scope, List<TensorArg> bound) {
            List<Entry> entries = entries(config, scope, false);
            Map<String, Entry> byName = new HashMap<>();
            for (Entry entry : entries) {
                if (byName.put(entry.name(), entry) != null) {
                    throw new IllegalArgumentException("two layers are named '" + entry.name() + "'");
                }
            }
            List<Object[]> inputRefs = references(config.get("input_layers"), "input_layers", byName);
            Map<String, TensorArg> produced = new HashMap<>();
            List<Endpoint> inputs = new ArrayList<>();
            if (bound != null && bound.size() != inputRefs.size()) {
                throw new IllegalArgumentException("nested model '" + scope.prefix() + "' takes " + inputRefs.size()
                        + " inputs but is called on " + bound.size() + " tensors");
            }
            for (int i = 0; i < inputRefs.size(); i++) {
                String layer = (String) inputRefs.get(i)[1];
                if (!byName.get(layer).isInput()) {
                    throw new IllegalArgumentException("input_layers names '" + layer + "', which is not an InputLayer");
                }
                TensorArg tensor = bound != null ? bound.get(i) : addInput(byName.get(layer), scope);
                produced.put(key(layer, 0, 0), tensor);
                inputs.add(new Endpoint((String) inputRefs.get(i)[0], tensor.vertex()));
            }
            List<Object[]> calls = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry.isInput()) {
                    if (!produced.containsKey(key(entry.name(), 0, 0))) {
                        throw new IllegalArgumentException("InputLayer '" + entry.name() + "' is not among the model's input_layers");
                    }
                    continue;
                }
                List<Object> nodes = list(entry.layer().get("inbound_nodes"), "inbound_nodes of layer '" + entry.name() + "'");
                for (int k = 0; k < nodes.size(); k++) {
                    calls.add(new Object[]{entry, k, node(entry.name(), nodes.get(k))});
                }
            }
            // Keras writes layers in an order where each comes after what it reads, but a shared layer's
            // later calls may read layers written after it: place each call once all it reads is placed.
            while (!calls.isEmpty()) {
                Object[] ready = null;
                for (Object[] call : calls) {
                    if (unresolved((Map<String, Object>) call[2], produced) == null) {
                        ready = call;
                        break;
                    }
                }
                if (ready == null) {
                    Object[] first = calls.get(0);
                    throw unresolvable(((Entry) first[0]).name(),
                            unresolved((Map<String, Object>) first[2], produced), byName.keySet());
                }
                calls.remove(ready);
                call((Entry) ready[0], (Integer) ready[1], (Map<String, Object>) ready[2], scope, produced);
            }
            List<Endpoint> outputs = new ArrayList<>();
            for (Object[] reference : references(config.get("output_layers"), "output_layers", byName)) {
                TensorArg tensor = produced.get(key((String) reference[1], (Integer) reference[2], (Integer) reference[3]));
                if (tensor == null) {
                    throw new IllegalArgumentException("output_layers refers to output " + reference[3] + " of call "
                            + reference[2] + " of layer '" + reference[1] + "', which the model does not compute");
                }
                outputs.add(new Endpoint((String) reference[0], tensor.vertex()));
            }
            return new List[]{inputs, outputs};
        }

        /** Inlines a Sequential model: its InputLayer, then each layer called on the one before. */
        @SuppressWarnings("unchecked")
        List<Endpoint>[] sequential(Map<String, Object> config, Scope scope, List<TensorArg> bound) {
            List<Entry> entries = entries(config, scope, true);
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("the Sequential model has no layers");
            }
            if (!entries.get(0).isInput()) {
                // Keras 3 puts the InputLayer first in every built Sequential model.
                throw new IllegalArgumentException("the Sequential model does not start with an InputLayer, so it "
                        + "was saved unbuilt and its input shape is unknown: build it (or give it an Input) first");
            }
            if (bound != null && bound.size() != 1) {
                throw new IllegalArgumentException("nested Sequential model '" + scope.prefix() + "' is called on "
                        + bound.size() + " tensors; it takes one");
            }
            Entry input = entries.get(0);
            TensorArg tensor = bound != null ? bound.get(0) : addInput(input, scope);
            Endpoint in = new Endpoint(input.name(), tensor.vertex());
            String last = input.name();
            for (Entry entry : entries.subList(1, entries.size())) {
                if (entry.isInput()) {
                    throw new IllegalArgumentException("the Sequential model has a second InputLayer '" + entry.name() + "'");
                }
                Map<String, TensorArg> produced = new HashMap<>();
                produced.put(key(last, 0, 0), tensor);
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("args", List.of(kerasTensor(last, tensor.shape())));
                node.put("kwargs", Map.of());
                call(entry, 0, node, scope, produced);
                tensor = produced.get(key(entry.name(), 0, 0));
                last = entry.name();
            }
            return new List[]{List.of(in), List.of(new Endpoint(last, tensor.vertex()))};
        }

        /** The layer entries of a model config, each with its key in an archive's weights file. */
        private List<Entry> entries(Map<String, Object> config, Scope scope, boolean sequential) {
            List<Entry> entries = new ArrayList<>();
            Map<String, Integer> classCounts = new HashMap<>();
            for (Object item : list(config.get("layers"), "the model's layers")) {
                Map<String, Object> layer = map(item, "a layer entry");
                Map<String, Object> layerConfig = map(layer.get("config"), "a layer's config");
                String name = string(layer.containsKey("name") ? layer.get("name") : layerConfig.get("name"), "a layer's name");
                String className = string(layer.get("class_name"), "the class_name of layer '" + name + "'");
                boolean operation = isOperation(layer, layerConfig, className);
                String archiveKey = null;
                // model.layers, which the archive numbers, leaves out operations, and a Sequential's InputLayer.
                if (!operation && !(sequential && LayerCall.INPUT_LAYER.equals(className))) {
                    String kind = ArchiveWeights.snakeCase(className.substring(className.indexOf('>') + 1));
                    int seen = classCounts.merge(kind, 1, Integer::sum) - 1;
                    archiveKey = seen == 0 ? kind : kind + "_" + seen;
                }
                entries.add(new Entry(name, className, layer, layerConfig, operation, archiveKey));
            }
            return entries;
        }

        /**
         * A keras.ops call is saved as a node whose module is keras.src.ops.* (archive), or, in a legacy
         * .h5 without modules, whose config lacks the "trainable" every layer's config has.
         */
        private static boolean isOperation(Map<String, Object> layer, Map<String, Object> config, String className) {
            Object module = layer.get("module");
            if (module instanceof String) {
                return ((String) module).startsWith("keras.src.ops");
            }
            return !LayerCall.INPUT_LAYER.equals(className) && !config.containsKey("trainable");
        }

        private TensorArg addInput(Entry input, Scope scope) {
            String vertex = claim(scope.prefix() + input.name());
            Object shape = input.config().get("batch_shape");
            layers.add(new LayerCall(vertex, input.name(), input.className(), null, input.config(), false,
                    List.of(), null, scope.weights(input.archiveKey(), input.name())));
            Object dtype = input.config().get("dtype");
            return new TensorArg(vertex, shape instanceof List ? list(shape, "batch_shape") : null,
                    dtype instanceof String ? (String) dtype : null);
        }

        /** Adds call {@code k} of {@code entry}, or inlines it when it is a model; records what it produces. */
        private void call(Entry entry, int k, Map<String, Object> node, Scope scope, Map<String, TensorArg> produced) {
            String vertex = scope.prefix() + entry.name() + (k == 0 ? "" : CALL_SUFFIX + k);
            checkKwargs(entry.name(), node);
            List<Object> args = new ArrayList<>();
            for (Object arg : list(node.get("args"), "the call args of layer '" + entry.name() + "'")) {
                if (arg instanceof List) {
                    List<Object> tensors = new ArrayList<>();
                    for (Object element : (List<?>) arg) {
                        tensors.add(tensorArg(entry.name(), element, produced));
                    }
                    args.add(tensors);
                } else {
                    args.add(isKerasTensor(arg) ? tensorArg(entry.name(), arg, produced) : arg);
                }
            }
            Object mask = node.get("kwargs") instanceof Map ? ((Map<?, ?>) node.get("kwargs")).get("mask") : null;
            if (isKerasTensor(mask)) {
                if (!MASK_READERS.contains(entry.className())) {
                    throw new IllegalArgumentException("layer '" + entry.name() + "' is called with a mask (from '"
                            + history(mask).get(0) + "'), which the importer translates only for " + MASK_READERS);
                }
                args.add(tensorArg(entry.name(), mask, produced));   // the mask becomes the vertex's last input
            }
            if (entry.isModel()) {
                Scope inner = scope.nested(vertex, entry.archiveKey(), entry.name());
                List<TensorArg> bound = new ArrayList<>();
                for (Object arg : args) {
                    for (Object tensor : arg instanceof List ? (List<?>) arg : List.of(arg)) {
                        if (!(tensor instanceof TensorArg)) {
                            throw new IllegalArgumentException("nested model '" + entry.name() + "' is called on " + tensor
                                    + ", not on a Keras tensor");
                        }
                        bound.add((TensorArg) tensor);
                    }
                }
                List<Endpoint>[] ends = SEQUENTIAL.equals(entry.className())
                        ? sequential(entry.config(), inner, bound) : functional(entry.config(), inner, bound);
                for (int i = 0; i < ends[1].size(); i++) {
                    produced.put(key(entry.name(), k, i), new TensorArg(ends[1].get(i).vertex(), null, null));
                }
                return;
            }
            if (!entry.operation() && args.stream().anyMatch(arg -> !(arg instanceof TensorArg || arg instanceof List))) {
                throw new IllegalArgumentException("layer '" + entry.name() + "' is called on " + args
                        + ": constant call arguments are supported only on keras.ops operations");
            }
            List<TensorArg> tensors = args.stream().flatMap(arg -> arg instanceof List ? ((List<?>) arg).stream()
                    : java.util.stream.Stream.of(arg)).filter(TensorArg.class::isInstance).map(TensorArg.class::cast).toList();
            List<Object> inboundShape = tensors.size() == 1 ? tensors.get(0).shape() : null;
            String registered = entry.layer().get("registered_name") == null ? null
                    : string(entry.layer().get("registered_name"), "the registered_name of layer '" + entry.name() + "'");
            String className = entry.className();
            int separator = className.indexOf('>');
            if (separator >= 0) {
                // A legacy .h5 gives a registered class as class_name "package>Class" and no registered_name.
                registered = registered == null ? className : registered;
                className = className.substring(separator + 1);
            }
            if (entry.operation() || registered != null && registered.equals(className)) {
                registered = null;   // Keras registers its operations under their bare class names.
            }
            layers.add(new LayerCall(claim(vertex), entry.name(), className, registered, entry.config(),
                    entry.operation(), List.copyOf(args), builtShape(entry.layer(), inboundShape),
                    entry.operation() ? null : scope.weights(entry.archiveKey(), entry.name())));
            produced.put(key(entry.name(), k, 0), new TensorArg(vertex, null, null));
        }

        private String claim(String vertex) {
            if (!vertices.add(vertex)) {
                throw new IllegalArgumentException("two vertices would be named '" + vertex + "' (a layer's name "
                        + "clashes with a nested model's layer or a shared layer's later call): rename one");
            }
            return vertex;
        }
    }

    /**
     * The call kwargs the importer understands. {@code training} (true, false or null) is accepted and
     * has no effect on the graph: Keras 3.15 lets the model-level flag (fit: true; predict, evaluate:
     * false) override it, and DL4J's fit and output run every layer in those same two modes.
     * {@code mask=None} (or [None, None] for a call on two tensors) is what Keras records when no mask
     * flows; a mask tensor is read by the layers in {@link #MASK_READERS}. Anything else is refused by name.
     */
    private static void checkKwargs(String name, Map<String, Object> node) {
        Map<String, Object> kwargs = node.get("kwargs") == null ? Map.of()
                : map(node.get("kwargs"), "the call kwargs of layer '" + name + "'");
        for (Map.Entry<String, Object> kwarg : kwargs.entrySet()) {
            Object value = kwarg.getValue();
            if ("training".equals(kwarg.getKey()) && value instanceof Boolean || isNone(value)
                    || "mask".equals(kwarg.getKey()) && isKerasTensor(value)) {
                continue;
            }
            String shown = isKerasTensor(value) ? "the output of '" + history(value).get(0) + "'" : String.valueOf(value);
            throw new IllegalArgumentException("layer '" + name + "' is called with keyword argument "
                    + kwarg.getKey() + "=" + shown + ", which the importer does not translate (it reads training=True/"
                    + "False/None, and other keyword arguments only when they are None)");
        }
    }

    /** None, or a list of Nones (Keras records mask=[None, None] for a layer called on two tensors). */
    private static boolean isNone(Object value) {
        return value == null || value instanceof List && ((List<?>) value).stream().allMatch(ModelGraph::isNone);
    }

    private static Map<String, Object> node(String name, Object node) {
        if (node instanceof List) {
            throw new IllegalArgumentException("layer '" + name + "' has Keras 2 inbound_nodes (lists, not "
                    + "{\"args\", \"kwargs\"}): this is not a Keras 3 config");
        }
        return map(node, "an inbound node of layer '" + name + "'");
    }

    /** The keras_history of the first tensor {@code node} reads that nothing has produced yet, or null. */
    private static List<Object> unresolved(Map<String, Object> node, Map<String, TensorArg> produced) {
        for (Object arg : list(node.get("args"), "the call args of a layer")) {
            for (Object element : arg instanceof List ? (List<?>) arg : List.of(arg)) {
                if (isKerasTensor(element)) {
                    List<Object> history = history(element);
                    if (!produced.containsKey(key(history))) {
                        return history;
                    }
                }
            }
        }
        return null;
    }

    /** Why no call is ready: a tensor that no layer computes, or calls that wait on one another. */
    private static IllegalArgumentException unresolvable(String layer, List<Object> history, Set<String> layers) {
        String source = (String) history.get(0);
        if ((Integer) history.get(2) > 0 && layers.contains(source)) {
            return new IllegalArgumentException("layer '" + layer + "' reads output " + history.get(2) + " of layer '"
                    + source + "': layers with several outputs are not supported");
        }
        return new IllegalArgumentException("layer '" + layer + "' is called on '" + source + "' (call " + history.get(1)
                + "), which is not defined before it (or the calls form a cycle)");
    }

    private static boolean isKerasTensor(Object value) {
        return value instanceof Map && KERAS_TENSOR.equals(((Map<?, ?>) value).get("class_name"));
    }

    private static List<Object> history(Object tensor) {
        Map<String, Object> config = map(map(tensor, "a call argument").get("config"), "a Keras tensor's config");
        List<Object> history = list(config.get("keras_history"), "a Keras tensor's keras_history");
        if (history.size() != 3) {
            throw new IllegalArgumentException("a tensor has keras_history " + history
                    + "; expected [layer, node index, tensor index]");
        }
        string(history.get(0), "the layer in a keras_history");
        integer(history.get(1), "a node index");
        integer(history.get(2), "a tensor index");
        return history;
    }

    private static TensorArg tensorArg(String name, Object tensor, Map<String, TensorArg> produced) {
        if (!isKerasTensor(tensor)) {
            throw new IllegalArgumentException("layer '" + name + "' is called on a list holding " + tensor
                    + ", not only Keras tensors");
        }
        TensorArg source = produced.get(key(history(tensor)));
        Map<String, Object> config = map(map(tensor, "a call argument").get("config"), "a Keras tensor's config");
        Object shape = config.get("shape");
        Object dtype = config.get("dtype");
        return new TensorArg(source.vertex(), shape instanceof List ? list(shape, "a tensor shape") : source.shape(),
                dtype instanceof String ? (String) dtype : source.dtype());
    }

    private static Map<String, Object> kerasTensor(String layer, List<Object> shape) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("shape", shape);
        config.put("keras_history", List.of(layer, 0, 0));
        return Map.of("class_name", KERAS_TENSOR, "config", config);
    }

    private static String key(List<Object> history) {
        return key((String) history.get(0), (Integer) history.get(1), (Integer) history.get(2));
    }

    private static String key(String layer, int node, int tensor) {
        return layer + "#" + node + "#" + tensor;
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
     * The references of input_layers/output_layers, each as {Keras name, layer, node index, tensor
     * index}: a list of [layer, node, tensor] (or a single one), named by layer; or a dict, named by
     * key and ordered by key as Keras flattens it.
     */
    private static List<Object[]> references(Object value, String field, Map<String, Entry> known) {
        List<Map.Entry<String, Object>> named = new ArrayList<>();
        if (value instanceof Map) {
            named.addAll(new TreeMap<>(map(value, field)).entrySet());
        } else {
            List<Object> entries = list(value, field);
            for (Object entry : !entries.isEmpty() && entries.get(0) instanceof String ? List.of(entries) : entries) {
                named.add(new java.util.AbstractMap.SimpleEntry<>(null, entry));
            }
        }
        List<Object[]> references = new ArrayList<>();
        for (Map.Entry<String, Object> entry : named) {
            List<Object> reference = list(entry.getValue(), "an entry of " + field);
            String layer = string(reference.isEmpty() ? null : reference.get(0), "a layer name in " + field);
            if (!known.containsKey(layer)) {
                throw new IllegalArgumentException(field + " names '" + layer + "', which is not a layer of the model");
            }
            int node = reference.size() > 1 ? integer(reference.get(1), "a node index in " + field) : 0;
            int tensor = reference.size() > 2 ? integer(reference.get(2), "a tensor index in " + field) : 0;
            String name = entry.getKey() != null ? entry.getKey() : layer;
            references.add(new Object[]{name, layer, node, tensor});
        }
        if (references.isEmpty()) {
            throw new IllegalArgumentException("the model has no " + field);
        }
        return references;
    }
}
