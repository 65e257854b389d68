package io.github.kerasrs4j.keras;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The weights of a Keras 3 legacy .h5: model_weights/&lt;layer name&gt;/..., each weight a dataset
 * named as Keras names it (kernel, bias, embeddings, ...), possibly in subgroups ("bottom_0/kernel").
 */
final class LegacyH5Weights implements SavedWeights {

    private static final String ROOT = "model_weights";

    private final Hdf5File h5;

    LegacyH5Weights(Hdf5File h5) {
        this.h5 = h5;
    }

    @Override
    public Map<String, Map<String, INDArray>> read(ModelGraph model) {
        if (!h5.groups().contains(ROOT)) {
            throw new IllegalArgumentException("the HDF5 file has no " + ROOT + " group: it was saved without weights");
        }
        List<String> stored = h5.groups(ROOT);
        Map<String, Map<String, INDArray>> weights = new LinkedHashMap<>();
        for (LayerCall layer : model.layers()) {
            List<String> names = WeightNames.of(layer);
            if (names.isEmpty()) {
                continue;
            }
            LayerCall.WeightLocation location = layer.weights();
            String where = ROOT + "/" + location.h5Group() + (location.h5Layer() == null ? "" : "/.../" + location.h5Layer());
            if (!stored.contains(location.h5Group())) {
                throw new IllegalArgumentException("the weights of layer " + layer.describe()
                        + " are missing: no group " + ROOT + "/" + location.h5Group());
            }
            if (names.stream().anyMatch(name -> name.contains("/"))) {
                weights.put(layer.name(), readInOrder(layer, location.h5Group(), names));
                continue;
            }
            Map<String, INDArray> found = readLayer(layer, location.h5Group(), location.h5Layer());
            if (!new HashSet<>(names).equals(found.keySet())) {
                throw new IllegalArgumentException("layer " + layer.describe() + " should have weights " + names
                        + " but " + where + " holds " + found.keySet());
            }
            found.values().removeIf(Objects::isNull);   // the unused ones, found but not read
            weights.put(layer.name(), found);
        }
        return weights;
    }

    /**
     * The weights of a layer with sublayers, whose groups have generated names (dense_5, dense_6) and
     * may repeat a weight name: taken in the layer's weight_names order, which is Keras's creation order.
     */
    private Map<String, INDArray> readInOrder(LayerCall layer, String group, List<String> names) {
        List<String> stored = h5.stringsAttribute("weight_names", ROOT, group);
        if (stored == null || stored.size() != names.size()) {
            throw new IllegalArgumentException("layer " + layer.describe() + " should have weights " + names + " but "
                    + ROOT + "/" + group + " lists " + (stored == null ? "none (no weight_names)" : stored));
        }
        Map<String, INDArray> found = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String expected = names.get(i).substring(names.get(i).lastIndexOf('/') + 1);
            String[] path = (ROOT + "/" + group + "/" + stored.get(i)).split("/");
            if (!expected.equals(path[path.length - 1])) {
                throw new IllegalArgumentException("layer " + layer.describe() + "'s weight " + i + " should be a "
                        + expected + " but " + ROOT + "/" + group + " lists " + stored.get(i));
            }
            found.put(names.get(i), h5.floatArray(path));
        }
        return found;
    }

    /**
     * Every dataset under model_weights/&lt;group&gt;, in subgroups too, keyed by its own name; for a
     * layer of a nested model ({@code innerLayer} not null), only those in a group named after it
     * (model_weights/bottom_mlp/bottom_mlp/dense/kernel for layer dense of model bottom_mlp). A weight
     * {@code layer} does not use is listed with no value.
     */
    private Map<String, INDArray> readLayer(LayerCall layer, String group, String innerLayer) {
        Map<String, INDArray> found = new LinkedHashMap<>();
        for (String[] path : h5.datasetsUnder(ROOT, group)) {
            if (innerLayer != null && (path.length < 2 || !innerLayer.equals(path[path.length - 2]))) {
                continue;
            }
            String name = path[path.length - 1];
            if (found.containsKey(name)) {
                throw new IllegalArgumentException(ROOT + "/" + group + " holds two weights named " + name
                        + (innerLayer == null ? "" : " for layer '" + innerLayer + "'"));
            }
            found.put(name, WeightNames.isUnused(layer, name) ? null : h5.floatArray(path));
        }
        return found;
    }

    @Override
    public void close() {
        h5.close();
    }
}
