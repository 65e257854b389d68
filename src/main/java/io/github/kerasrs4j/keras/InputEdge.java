package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.keras.LayerCall.TensorArg;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes the preprocessing layers at a model's input edge out of its graph: an IntegerLookup,
 * StringLookup or Normalization that reads a model input directly becomes a {@link RawInputTransform}
 * run in Java on that input's raw column, and the input then feeds the graph what the layer gave
 * out (its shape becomes the layer's output shape). Such layers elsewhere in a model are refused,
 * since DL4J graphs compute on numbers, not on strings or vocabularies.
 */
final class InputEdge {

    private static final Set<String> PREPROCESSING = Set.of(LookupTransform.INTEGER_LOOKUP,
            LookupTransform.STRING_LOOKUP, "Normalization");
    private static final String VOCABULARY_ASSET = "vocabulary.txt";

    private final ModelGraph graphModel;
    private final Map<String, RawInputTransform> transforms;

    private InputEdge(ModelGraph graphModel, Map<String, RawInputTransform> transforms) {
        this.graphModel = graphModel;
        this.transforms = transforms;
    }

    /**
     * Splits {@code model}.
     *
     * @param saved the file: an adapted Normalization's weights and a lookup's vocabulary asset are read from it
     * @throws IllegalArgumentException naming a preprocessing layer that cannot be imported
     */
    static InputEdge split(ModelGraph model, ModelFile saved) {
        Map<String, Integer> readers = new HashMap<>();
        model.layers().forEach(layer -> layer.inbound().forEach(vertex -> readers.merge(vertex, 1, Integer::sum)));
        Map<String, LayerCall> inputs = new HashMap<>();
        model.layers().stream().filter(LayerCall::isInput).forEach(input -> inputs.put(input.name(), input));
        Map<String, String> replaced = new HashMap<>();   // preprocessing vertex -> the input it reads
        Map<String, LayerCall> rewrittenInputs = new HashMap<>();
        Map<String, RawInputTransform> transforms = new LinkedHashMap<>();
        for (LayerCall layer : model.layers()) {
            if (layer.operation() || !PREPROCESSING.contains(layer.className())) {
                continue;
            }
            List<String> read = layer.inbound();
            LayerCall input = read.size() == 1 ? inputs.get(read.get(0)) : null;
            if (input == null || readers.get(input.name()) != 1) {
                throw new IllegalArgumentException(layer.className() + " layer " + layer.describe() + " reads " + read
                        + (input == null ? ", not a model input" : ", a model input that other layers read too")
                        + ": the importer runs preprocessing layers in Java only where they alone read a model input");
            }
            if (model.outputs().stream().anyMatch(output -> output.vertex().equals(layer.name()))) {
                throw new IllegalArgumentException(layer.className() + " layer " + layer.describe()
                        + " is a model output: the importer needs a graph after it");
            }
            List<Object> inputShape = ConfigValues.list(input.config().get("batch_shape"),
                    "batch_shape of input '" + input.kerasName() + "'");
            List<Object> outputShape;
            if (LookupTransform.INTEGER_LOOKUP.equals(layer.className()) || LookupTransform.STRING_LOOKUP.equals(layer.className())) {
                LookupTransform lookup = new LookupTransform(layer.className(), layer.kerasName(), layer.config(),
                        vocabularyAsset(layer, saved.assets()));
                transforms.put(input.name(), lookup);
                outputShape = lookup.givesIndices() ? inputShape : Arrays.asList(null, lookup.outputWidth());
            } else {
                // Only this layer's weights: the others are read once the graph is known to import.
                Map<String, INDArray> weights = WeightNames.of(layer).isEmpty() ? null
                        : saved.weights().read(model.withLayers(List.of(layer))).get(layer.name());
                transforms.put(input.name(), new NormalizationTransform(layer.kerasName(), layer.config(), inputShape,
                        weights));
                outputShape = inputShape;
            }
            Map<String, Object> config = new LinkedHashMap<>(input.config());
            config.put("batch_shape", outputShape);
            config.put("dtype", "float32");
            rewrittenInputs.put(input.name(), new LayerCall(input.name(), input.kerasName(), input.className(),
                    input.registeredName(), config, false, input.args(), input.inputShape(), input.weights()));
            replaced.put(layer.name(), input.name());
        }
        if (replaced.isEmpty()) {
            return new InputEdge(model, Map.of());
        }
        List<LayerCall> layers = new ArrayList<>();
        for (LayerCall layer : model.layers()) {
            if (!replaced.containsKey(layer.name())) {
                layers.add(rewrittenInputs.containsKey(layer.name()) ? rewrittenInputs.get(layer.name())
                        : rewired(layer, replaced));
            }
        }
        return new InputEdge(model.withLayers(layers), transforms);
    }

    /** The model without its input-edge preprocessing layers. */
    ModelGraph graphModel() {
        return graphModel;
    }

    /** The transform a model input's raw column goes through, by the input's vertex; null when none. */
    RawInputTransform transform(String inputVertex) {
        return transforms.get(inputVertex);
    }

    /** The lines of a lookup layer's vocabulary asset, or null when the file has none. */
    private static List<String> vocabularyAsset(LayerCall layer, Map<String, String> assets) {
        String path = "assets/" + String.join("/", layer.weights().archiveGroup()) + "/" + VOCABULARY_ASSET;
        String text = assets.get(path);
        return text == null ? null : Arrays.asList(text.split("\n", -1));
    }

    /** {@code layer} reading each replaced preprocessing vertex's input instead. */
    private static LayerCall rewired(LayerCall layer, Map<String, String> replaced) {
        if (layer.inbound().stream().noneMatch(replaced::containsKey)) {
            return layer;
        }
        List<Object> args = new ArrayList<>();
        for (Object arg : layer.args()) {
            if (arg instanceof List) {
                List<Object> tensors = new ArrayList<>();
                ((List<?>) arg).forEach(tensor -> tensors.add(rewired(tensor, replaced)));
                args.add(tensors);
            } else {
                args.add(rewired(arg, replaced));
            }
        }
        return new LayerCall(layer.name(), layer.kerasName(), layer.className(), layer.registeredName(),
                layer.config(), layer.operation(), args, layer.inputShape(), layer.weights());
    }

    private static Object rewired(Object arg, Map<String, String> replaced) {
        if (arg instanceof TensorArg && replaced.containsKey(((TensorArg) arg).vertex())) {
            TensorArg tensor = (TensorArg) arg;
            return new TensorArg(replaced.get(tensor.vertex()), tensor.shape(), tensor.dtype());
        }
        return arg;
    }
}
