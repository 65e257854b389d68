package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a Keras 3 legacy .h5: model_weights/&lt;layer name&gt;/..., each weight a dataset
 * named as Keras names it (kernel, bias, embeddings, ...), possibly in subgroups ("bottom_0/kernel").
 */
final class LegacyH5Weights implements SavedWeights {

    private static final String ROOT = "model_weights";

    private final Hdf5Archive archive;

    LegacyH5Weights(Hdf5Archive archive) {
        this.archive = archive;
    }

    @Override
    public Map<String, Map<String, INDArray>> read(Keras3ModelConfig model) {
        if (!archive.getGroups().contains(ROOT)) {
            throw new IllegalArgumentException("the HDF5 file has no " + ROOT + " group: it was saved without weights");
        }
        List<String> stored = archive.getGroups(ROOT);
        Map<String, Map<String, INDArray>> weights = new LinkedHashMap<>();
        for (Keras3Layer layer : model.layers()) {
            List<String> names = KerasWeightNames.of(layer);
            if (names.isEmpty()) {
                continue;
            }
            if (!stored.contains(layer.name())) {
                throw new IllegalArgumentException("the weights of layer " + layer.describe()
                        + " are missing: no group " + ROOT + "/" + layer.name());
            }
            Map<String, INDArray> found = new LinkedHashMap<>();
            collect(found, ROOT, layer.name());
            if (!new HashSet<>(names).equals(found.keySet())) {
                throw new IllegalArgumentException("layer " + layer.describe() + " should have weights " + names
                        + " but " + ROOT + "/" + layer.name() + " holds " + found.keySet());
            }
            weights.put(layer.name(), found);
        }
        return weights;
    }

    /** Adds every dataset under the group path {@code groups}, keyed by its own name. */
    private void collect(Map<String, INDArray> found, String... groups) {
        for (String dataset : archive.getDataSets(groups)) {
            if (found.containsKey(dataset)) {
                throw new IllegalArgumentException(String.join("/", groups) + " holds two weights named " + dataset);
            }
            try {
                found.put(dataset, archive.readDataSet(dataset, groups));
            } catch (UnsupportedKerasConfigurationException e) {
                throw new IllegalArgumentException("cannot read weight " + String.join("/", groups) + "/" + dataset
                        + ": " + e.getMessage(), e);
            }
        }
        for (String group : archive.getGroups(groups)) {
            List<String> path = new ArrayList<>(List.of(groups));
            path.add(group);
            collect(found, path.toArray(new String[0]));
        }
    }

    @Override
    public void close() {
        archive.close();
    }
}
