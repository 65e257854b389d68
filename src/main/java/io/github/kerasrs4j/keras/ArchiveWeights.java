package io.github.kerasrs4j.keras;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model.weights.h5 of a .keras archive. Keras 3 stores a layer's weights unnamed, as
 * layers/&lt;key&gt;/vars/0, 1, ..., where the key is not the layer's name but its class in snake case,
 * numbered in the order of the model's layers: dense, dense_1, embedding, ... (Keras's saving_lib does
 * this so that the file does not depend on generated names). A nested model's layers sit below its
 * own group: layers/sequential/layers/dense/vars. {@link ModelGraph} works out each key.
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
        this.h5 = Hdf5File.open(extracted, ArchiveReader.WEIGHTS);
    }

    @Override
    public Map<String, Map<String, INDArray>> read(ModelGraph model) {
        Map<String, Map<String, INDArray>> weights = new LinkedHashMap<>();
        for (LayerCall layer : model.layers()) {
            List<String> names = WeightNames.of(layer);
            if (!names.isEmpty()) {
                weights.put(layer.name(), readLayer(layer, layer.weights().archiveGroup(), names));
            }
        }
        return weights;
    }

    private Map<String, INDArray> readLayer(LayerCall layer, List<String> group, List<String> names) {
        // A sublayer's weights ("sublayer/kernel") are in <group>/<sublayer>/vars, numbered on their own.
        Map<String, List<String>> bySublayer = new LinkedHashMap<>();
        for (String name : names) {
            int slash = name.lastIndexOf('/');
            bySublayer.computeIfAbsent(slash < 0 ? "" : name.substring(0, slash), s -> new ArrayList<>()).add(name);
        }
        Map<String, INDArray> weights = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> sublayer : bySublayer.entrySet()) {
            List<String> sublayerGroup = new ArrayList<>(group);
            if (!sublayer.getKey().isEmpty()) {
                sublayerGroup.add(sublayer.getKey());
            }
            readVars(layer, sublayerGroup, sublayer.getValue(), weights, sublayer.getKey().isEmpty());
        }
        return weights;
    }

    /** Reads {@code names} from the datasets 0, 1, ... of {@code group}/vars into {@code weights}. */
    private void readVars(LayerCall layer, List<String> group, List<String> names, Map<String, INDArray> weights,
            boolean layersOwnGroup) {
        String where = String.join("/", group) + "/vars";
        if (!hasGroup(group) || !h5.groups(group.toArray(new String[0])).contains("vars")) {
            throw new IllegalArgumentException("the weights of layer " + layer.describe() + " are missing: "
                    + "model.weights.h5 has no group " + where);
        }
        String[] vars = path(group, "vars");
        if (layersOwnGroup) {
            checkStoredName(layer, vars, where);
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
            if (!WeightNames.isUnused(layer, names.get(i))) {
                weights.put(names.get(i), h5.floatArray(path(group, "vars", Integer.toString(i))));
            }
        }
    }

    /** Whether each group along {@code group} exists, checked from the root down. */
    private boolean hasGroup(List<String> group) {
        for (int depth = 0; depth < group.size(); depth++) {
            if (!h5.groups(group.subList(0, depth).toArray(new String[0])).contains(group.get(depth))) {
                return false;
            }
        }
        return true;
    }

    private static String[] path(List<String> group, String... more) {
        List<String> path = new ArrayList<>(group);
        path.addAll(List.of(more));
        return path.toArray(new String[0]);
    }

    /** Newer Keras 3 versions also note the layer's name on the group; a mismatch means the numbering went wrong. */
    private void checkStoredName(LayerCall layer, String[] vars, String where) {
        String storedName = h5.stringAttribute("name", vars);
        if (storedName != null && !storedName.isEmpty() && !storedName.equals(layer.kerasName())) {
            throw new IllegalArgumentException(where + " holds the weights of layer '" + storedName + "', but by "
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
