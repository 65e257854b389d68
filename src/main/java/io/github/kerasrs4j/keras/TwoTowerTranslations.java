package io.github.kerasrs4j.keras;

import static io.github.kerasrs4j.keras.ConfigTranslator.keras2;

import io.github.kerasrs4j.keras.LayerCall.TensorArg;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The translations of the layers two-tower and sequence-feature models use beside DLRM's:
 * LayerNormalization and Dot (kerasrs4j layers), GlobalAveragePooling1D and GlobalMaxPooling1D over
 * Keras's [batch, T, D] sequences, and the mask of an {@code Embedding(mask_zero=True)}, which Keras 3 records as an
 * explicit {@code NotEqual} node passed to GlobalAveragePooling1D's {@code mask} argument.
 */
final class TwoTowerTranslations {

    private TwoTowerTranslations() {
    }

    /** Registers the DL4J mappers the translations name. Idempotent. */
    static void register() {
        KerasLayer.registerCustomLayer(KerasLayerNormalization.CLASS_NAME, KerasLayerNormalization.class);
        KerasLayer.registerCustomLayer(KerasDot.CLASS_NAME, KerasDot.class);
        KerasLayer.registerCustomLayer(KerasNotEqual.CLASS_NAME, KerasNotEqual.class);
        KerasLayer.registerCustomLayer(KerasGlobalPooling1D.AVERAGE, KerasGlobalPooling1D.class);
        KerasLayer.registerCustomLayer(KerasGlobalPooling1D.MAX, KerasGlobalPooling1D.class);
    }

    static Map<String, Object> layerNormalization(LayerCall layer) {
        if (layer.inputShape() != null && layer.inputShape().size() != 2) {
            throw new IllegalArgumentException("LayerNormalization " + layer.describe() + " is built for shape "
                    + layer.inputShape() + ": only [batch, D] inputs are supported");
        }
        return keras2(KerasLayerNormalization.CLASS_NAME, layer.config());
    }

    static Map<String, Object> dot(LayerCall layer) {
        return keras2(KerasDot.CLASS_NAME, layer.config());
    }

    /** GlobalAveragePooling1D: given a mask (its second input), the mean over the unmasked steps. */
    static Map<String, Object> globalAveragePooling(LayerCall layer) {
        checkPooling(layer);
        return keras2(KerasGlobalPooling1D.AVERAGE, layer.config());
    }

    static Map<String, Object> globalMaxPooling(LayerCall layer) {
        checkPooling(layer);
        return keras2(KerasGlobalPooling1D.MAX, layer.config());
    }

    /** ops.not_equal(tensor, constant): the 0/1 mask of the steps that are not padding. */
    static Map<String, Object> notEqual(LayerCall op) {
        List<Object> args = op.args();
        boolean tensorFirst = args.size() == 2 && args.get(0) instanceof TensorArg && args.get(1) instanceof Number;
        boolean constantFirst = args.size() == 2 && args.get(1) instanceof TensorArg && args.get(0) instanceof Number;
        if (!tensorFirst && !constantFirst) {
            throw new IllegalArgumentException("operation " + op.describe() + " compares " + args
                    + ": only a tensor with a scalar constant (as an Embedding's mask_zero does) is imported");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("trainable", false);
        config.put("dtype", "float32");
        config.put("value", args.get(tensorFirst ? 1 : 0));
        return keras2(KerasNotEqual.CLASS_NAME, config);
    }

    private static void checkPooling(LayerCall layer) {
        Map<String, Object> config = layer.config();
        if (Boolean.TRUE.equals(config.get("keepdims")) || "channels_first".equals(config.get("data_format"))) {
            throw new IllegalArgumentException(layer.className() + " " + layer.describe() + " has keepdims="
                    + config.get("keepdims") + ", data_format=" + config.get("data_format")
                    + ": only keepdims=False over channels_last sequences is supported");
        }
    }
}
