package io.github.kerasrs4j.keras;

import java.util.List;
import java.util.Map;

/**
 * One vertex of an imported Keras 3 model: one call of a layer or of a {@code keras.ops} operation,
 * with nested models already inlined.
 *
 * @param name           the vertex name, unique in the graph: the Keras layer's name, prefixed by the
 *                       nested models it sits in ("bottom_mlp/dense") and suffixed for a shared layer's
 *                       later calls ("shared_emb_call1")
 * @param kerasName      the Keras layer's own name
 * @param className      its Keras class name, e.g. "Dense"
 * @param registeredName the serialization name of a registered (non-built-in) class, e.g. "keras_rs>DotInteraction"; null for Keras's own layers
 * @param config         its {@code get_config()}
 * @param operation      whether it is a {@code keras.ops} operation node (Cast, Reshape, Add, ...) rather than a layer
 * @param args           the call's positional arguments: a {@link TensorArg} per tensor (lists of them stay
 *                       lists), scalars as the file gives them
 * @param inputShape     the shape it was built for, batch dimension first, or null when the file does not say
 * @param weights        where the file keeps its weights
 */
record LayerCall(String name, String kerasName, String className, String registeredName,
                   Map<String, Object> config, boolean operation, List<Object> args, List<Object> inputShape,
                   WeightLocation weights) {

    static final String INPUT_LAYER = "InputLayer";

    /**
     * A tensor the call reads.
     *
     * @param vertex the vertex that computes it
     * @param shape  its Keras shape, batch dimension first (null when the file does not record it)
     * @param dtype  its Keras dtype, e.g. "float32" (null when the file does not record it)
     */
    record TensorArg(String vertex, List<Object> shape, String dtype) {
    }

    /**
     * Where a layer's weights are stored.
     *
     * @param archiveGroup the group of its variables in a .keras archive's model.weights.h5, e.g.
     *                     layers/sequential/layers/dense_1 (Keras numbers layers by class in each model)
     * @param h5Group      the group under model_weights of a legacy .h5: the top-level layer it belongs to
     * @param h5Layer      for a layer of a nested model, its name, the group its weights sit in below
     *                     h5Group; null for a top-level layer
     */
    record WeightLocation(List<String> archiveGroup, String h5Group, String h5Layer) {
    }

    boolean isInput() {
        return INPUT_LAYER.equals(className);
    }

    /** The vertices it reads, in call order (the tensors of list arguments flattened). */
    List<String> inbound() {
        return tensorArgs().stream().map(TensorArg::vertex).toList();
    }

    /** The tensors it reads, in call order (list arguments flattened). */
    List<TensorArg> tensorArgs() {
        return args.stream().flatMap(arg -> arg instanceof List ? ((List<?>) arg).stream() : java.util.stream.Stream.of(arg))
                .filter(TensorArg.class::isInstance).map(TensorArg.class::cast).toList();
    }

    /** Whether it was built for one value per sample (shape (batch,)), as an Embedding of a categorical id is. */
    boolean takesScalarPerSample() {
        return inputShape != null && inputShape.size() == 1;
    }

    /** "name (Class)", for messages; a nested or repeated call also gives its vertex. */
    String describe() {
        String kind = registeredName != null ? registeredName : className;
        return "'" + kerasName + "' (" + kind + (name.equals(kerasName) ? "" : ", vertex '" + name + "'") + ")";
    }
}
