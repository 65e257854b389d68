package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.layers.FeatureCross;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Keras names of a layer's weights, in the order Keras 3 creates them. A .keras archive stores
 * them unnamed as vars/0, vars/1, ...; DL4J's layer mappers take them by these names. A weight of a
 * sublayer is named "sublayer/weight" after the attribute that holds the sublayer, as the archive's
 * groups are (keras_rs's FeatureCross keeps its kernels in Dense sublayers).
 */
final class WeightNames {

    static final String FEATURE_CROSS_DOWN_PROJECTION = "down_proj_dense/kernel";
    static final String FEATURE_CROSS_KERNEL = "dense/kernel";
    static final String FEATURE_CROSS_BIAS = "dense/bias";

    private WeightNames() {
    }

    /** The weight names of {@code layer}, in creation order; empty for a layer without weights. */
    static List<String> of(LayerCall layer) {
        Map<String, Object> config = layer.config();
        List<String> names = new ArrayList<>();
        switch (layer.className()) {
            case "Dense":
                names.add("kernel");
                if (flag(config, "use_bias")) {
                    names.add("bias");
                }
                break;
            case "Embedding":
                names.add("embeddings");
                break;
            case "LayerNormalization":
                if (flag(config, "scale")) {
                    names.add("gamma");
                }
                if (flag(config, "center")) {
                    names.add("beta");
                }
                break;
            case "Normalization":
                if (config.get("mean") == null) {   // adapted: the statistics are weights, not config
                    names.add("mean");
                    names.add("variance");
                    names.add("count");
                }
                break;
            case "BatchNormalization":
                if (flag(config, "scale")) {
                    names.add("gamma");
                }
                if (flag(config, "center")) {
                    names.add("beta");
                }
                names.add("moving_mean");
                names.add("moving_variance");
                break;
            case FeatureCross.KERAS_CLASS_NAME:
                if (config.get("projection_dim") != null) {
                    names.add(FEATURE_CROSS_DOWN_PROJECTION);
                }
                names.add(FEATURE_CROSS_KERNEL);
                if (flag(config, "use_bias")) {
                    names.add(FEATURE_CROSS_BIAS);
                }
                break;
            default:
                break;
        }
        return names;
    }

    /**
     * Whether {@code name} is a weight Keras keeps but computes nothing with, which the importer leaves
     * unread: an adapted Normalization's int64 "count" (kept for older saved models).
     */
    static boolean isUnused(LayerCall layer, String name) {
        return "Normalization".equals(layer.className()) && "count".equals(name);
    }

    /** A boolean option that Keras defaults to true. */
    private static boolean flag(Map<String, Object> config, String key) {
        return !Boolean.FALSE.equals(config.get(key));
    }
}
