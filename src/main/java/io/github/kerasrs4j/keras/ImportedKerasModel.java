package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Keras 3 model imported as a DL4J {@link ComputationGraph}, used as Keras users call a model:
 * inputs and outputs by their Keras names.
 *
 * <pre>{@code
 * ImportedKerasModel model = KerasRsModelImport.importModel("dlrm.keras");
 * Map<String, INDArray> out = model.predict(Map.of("dense_features", denseRows, "cat_0", new int[]{3, 5}, ...));
 * }</pre>
 *
 * <p>{@link #predict} runs the graph in inference mode, as Keras's {@code predict} does. It is not
 * thread-safe (a ComputationGraph is not): for concurrent serving give {@link #toGraphInputs}'s arrays
 * to DL4J's ParallelInference over {@link #graph()}.
 */
public final class ImportedKerasModel {

    private final ComputationGraph graph;
    private final List<InputColumn> inputs;
    private final List<String> outputNames;
    private final Map<String, List<String>> sharedLayers;

    ImportedKerasModel(ComputationGraph graph, List<InputColumn> inputs, List<String> outputNames,
            Map<String, List<String>> sharedLayers) {
        this.graph = graph;
        this.inputs = List.copyOf(inputs);
        this.outputNames = List.copyOf(outputNames);
        this.sharedLayers = Collections.unmodifiableMap(new LinkedHashMap<>(sharedLayers));
    }

    /** The graph, holding the file's weights; its inputs and outputs are in {@link #inputNames()}/{@link #outputNames()} order. */
    public ComputationGraph graph() {
        return graph;
    }

    /**
     * The Keras input names, in the graph's input order: a dict-input model's keys (sorted, as Keras
     * orders {@code model.inputs}), else the input layers' names.
     */
    public List<String> inputNames() {
        return inputs.stream().map(InputColumn::name).toList();
    }

    /** The Keras output names, in the graph's output order: a dict-output model's keys (sorted), else the output layers' names. */
    public List<String> outputNames() {
        return outputNames;
    }

    /**
     * The Keras layers with weights that the model calls more than once (a shared embedding, a nested
     * model used twice), each with the graph vertices that compute its calls, first call first. The
     * vertices start with the same weights, so the graph computes what Keras computes; DL4J's fit
     * trains each vertex on its own (untying them) unless the graph has a {@link SharedLayerTie}.
     */
    public Map<String, List<String>> sharedLayers() {
        return sharedLayers;
    }

    /**
     * Turns raw named columns into the graph's input arrays, in its input order, for
     * {@code graph().output(...)}, {@code fit} (in a MultiDataSet) or ParallelInference. Each value may
     * be an INDArray, an int[], long[], float[] or double[] (one value per sample, for an input of shape
     * () or (1,)), or a float[][]/double[][] (one row per sample).
     *
     * @throws IllegalArgumentException naming the input that is missing, unknown, of the wrong type or
     *                                  shape, or whose batch size differs from the others'
     */
    public INDArray[] toGraphInputs(Map<String, Object> columns) {
        List<String> unknown = new ArrayList<>(new TreeSet<>(columns.keySet()));
        unknown.removeAll(inputNames());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the model has no input named " + unknown + "; its inputs are " + inputNames());
        }
        INDArray[] arrays = new INDArray[inputs.size()];
        for (int i = 0; i < arrays.length; i++) {
            InputColumn input = inputs.get(i);
            if (!columns.containsKey(input.name())) {
                throw new IllegalArgumentException("input '" + input.name() + "' is missing; the model takes " + inputNames());
            }
            arrays[i] = input.toGraphInput(columns.get(input.name()));
            if (arrays[i].size(0) != arrays[0].size(0)) {
                throw new IllegalArgumentException("input '" + input.name() + "' has " + arrays[i].size(0) + " rows but input '"
                        + inputs.get(0).name() + "' has " + arrays[0].size(0) + ": every input needs one row per sample");
            }
        }
        return arrays;
    }

    /**
     * The model's outputs for {@code inputs}, keyed by Keras output name, computed in inference mode
     * (Dropout off, BatchNormalization on its moving statistics), as Keras's {@code model.predict} does.
     *
     * @param inputs one entry per Keras input name; values as {@link #toGraphInputs} takes them
     * @throws IllegalArgumentException naming a missing, unknown or ill-typed input
     */
    public Map<String, INDArray> predict(Map<String, Object> inputs) {
        INDArray[] outputs = graph.output(toGraphInputs(inputs));
        Map<String, INDArray> named = new LinkedHashMap<>();
        for (int i = 0; i < outputs.length; i++) {
            named.put(outputNames.get(i), outputs[i]);
        }
        return named;
    }
}
