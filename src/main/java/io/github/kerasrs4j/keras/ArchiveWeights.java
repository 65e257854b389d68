package io.github.kerasrs4j.keras;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model.weights.h5 of a .keras archive. Keras 3 stores a layer's weights unnamed, as
 * layers/&lt;key&gt;/vars/0, 1, ..., where the key is not the layer's name but its class in snake case,
 * numbered in the order of the model's layers: dense, dense_1, embedding, ... (Keras's saving_lib does
 * this so that the file does not depend on generated names).
 */
final class ArchiveWeights implements SavedWeights {

    private final Hdf5File h5;
    /** The extracted copy of model.weights.h5, deleted on close. */
    private final Path extracted;

    /**
     * Opens {@code extracted}, which the caller has checked to be an HDF5 file; takes it over for deletion.
     *
     * @throws IllegalArgumentException when it cannot be read as HDF5
     */
    ArchiveWeights(Path extracted) throws IOException {
        this.extracted = extracted;
        this.h5 = Hdf5File.open(extracted, KerasArchiveReader.WEIGHTS);
    }

    @Override
    public Map<String, Map<String, INDArray>> read(Keras3ModelConfig model) {
        List<String> stored = h5.groups().contains("layers") ? h5.groups("layers") : List.of();
        Map<String, Map<String, INDArray>> weights = new LinkedHashMap<>();
        Map<String, Integer> classCounts = new HashMap<>();
        for (Keras3Layer layer : model.layers()) {
            // A Sequential model's saved layer list leaves out its InputLayer; a Functional one keeps it.
            if (layer.isInput() && Keras3ModelConfig.SEQUENTIAL.equals(model.modelClass())) {
                continue;
            }
            String kind = snakeCase(layer.className());
            int seen = classCounts.merge(kind, 1, Integer::sum) - 1;
            String key = seen == 0 ? kind : kind + "_" + seen;
            List<String> names = KerasWeightNames.of(layer);
            if (!names.isEmpty()) {
                weights.put(layer.name(), readLayer(layer, key, names, stored));
            }
        }
        return weights;
    }

    private Map<String, INDArray> readLayer(Keras3Layer layer, String key, List<String> names, List<String> stored) {
        if (!stored.contains(key)) {
            throw new IllegalArgumentException("the weights of layer " + layer.describe() + " are missing: "
                    + "model.weights.h5 has no group layers/" + key);
        }
        // A sublayer's weights ("sublayer/kernel") are in layers/<key>/<sublayer>/vars, numbered on their own.
        Map<String, List<String>> bySublayer = new LinkedHashMap<>();
        for (String name : names) {
            int slash = name.lastIndexOf('/');
            bySublayer.computeIfAbsent(slash < 0 ? "" : name.substring(0, slash), s -> new ArrayList<>()).add(name);
        }
        Map<String, INDArray> weights = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> sublayer : bySublayer.entrySet()) {
            String group = sublayer.getKey().isEmpty() ? key : key + "/" + sublayer.getKey();
            readVars(layer, ("layers/" + group + "/vars").split("/"), sublayer.getValue(), weights);
        }
        if (bySublayer.containsKey("")) {
            checkStoredName(layer, key);
        }
        return weights;
    }

    /** Reads {@code names} from the datasets 0, 1, ... of the group at {@code vars}. */
    private void readVars(Keras3Layer layer, String[] vars, List<String> names, Map<String, INDArray> weights) {
        String where = String.join("/", vars);
        for (int depth = 2; depth <= vars.length; depth++) {
            if (!h5.groups(Arrays.copyOf(vars, depth - 1)).contains(vars[depth - 1])) {
                throw new IllegalArgumentException("the weights of layer " + layer.describe() + " are missing: "
                        + "model.weights.h5 has no group " + where);
            }
        }
        List<String> datasets = h5.datasets(vars);
        if (datasets.size() != names.size()) {
            throw new IllegalArgumentException("layer " + layer.describe() + " should have " + names.size()
                    + " weights " + names + " but model.weights.h5 has " + datasets.size() + " in " + where);
        }
        for (int i = 0; i < names.size(); i++) {
            if (!datasets.contains(Integer.toString(i))) {
                throw new IllegalArgumentException("model.weights.h5 has no weight " + where + "/" + i
                        + " for layer " + layer.describe());
            }
            String[] dataset = Arrays.copyOf(vars, vars.length + 1);
            dataset[vars.length] = Integer.toString(i);
            weights.put(names.get(i), h5.floatArray(dataset));
        }
    }

    /** Newer Keras 3 versions also note the layer's name on the group; a mismatch means the numbering went wrong. */
    private void checkStoredName(Keras3Layer layer, String key) {
        String storedName = h5.stringAttribute("name", "layers", key, "vars");
        if (storedName != null && !storedName.isEmpty() && !storedName.equals(layer.name())) {
            throw new IllegalArgumentException("layers/" + key + "/vars holds the weights of layer '" + storedName + "', but by "
                    + "Keras's numbering it should hold those of layer " + layer.describe());
        }
    }

    /** Keras's naming.to_snake_case. */
    static String snakeCase(String className) {
        String name = className.replaceAll("\\W+", "");
        name = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        h5.close();
        try {
            Files.deleteIfExists(extracted);
        } catch (IOException e) {
            extracted.toFile().deleteOnExit();
        }
    }
}
