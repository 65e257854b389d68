package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.Fixtures;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.deeplearning4j.nn.weights.WeightInitReluUniform;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fromKerasConfig / toKerasConfig against the config keras_rs's FeatureCross writes. */
class FeatureCrossKerasConfigTest {

    @Test
    @SuppressWarnings("unchecked")
    void readsAndWritesTheConfigKerasWrote() {
        // cross_1 exactly as Keras 3.15.1 saved it in the catalogue's feature_cross_tf.keras (less its shared_object_id).
        Map<String, Object> saved = layerConfig("cross_1");
        FeatureCross parsed = FeatureCross.fromKerasConfig(saved);
        assertEquals(4, parsed.getProjectionDim());
        assertEquals(0.1, parsed.getDiagScale());
        assertTrue(parsed.isUseBias());
        assertEquals(Activation.IDENTITY, parsed.getPreActivation());
        assertEquals(new WeightInitXavierUniform(), parsed.getKernelInit());
        assertEquals(0.0, parsed.getBiasInit());
        ((Map<String, Object>) saved.get("dtype")).remove("shared_object_id");
        assertEquals(saved, parsed.toKerasConfig("cross_1"));
    }

    @Test
    void keepsEveryArgumentThroughKerasConfig() {
        FeatureCross layer = FeatureCross.builder().projectionDim(8).diagScale(0.5).useBias(false)
                .preActivation(Activation.SWISH).kernelInit(new WeightInitReluUniform()).biasInit(0.25)
                .kernelRegularization(new L2Regularization(0.02)).biasRegularization(new L1Regularization(0.003))
                .build();
        Map<String, Object> config = layer.toKerasConfig("cross");
        assertEquals("silu", config.get("pre_activation"));
        assertEquals(Map.of("l2", 0.01), ((Map<?, ?>) config.get("kernel_regularizer")).get("config"),
                "Keras's l2 is half DL4J's L2 coefficient");
        assertEquals(layer, FeatureCross.fromKerasConfig(config));
    }

    @Test
    void kerasShorthandsAndDefaults() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "cross");
        config.put("diag_scale", null);
        config.put("pre_activation", "swish");
        config.put("kernel_initializer", "ones");
        config.put("bias_initializer", "ones");
        config.put("kernel_regularizer", "l1_l2");
        FeatureCross parsed = FeatureCross.fromKerasConfig(config);
        assertNull(parsed.getProjectionDim());
        assertEquals(0.0, parsed.getDiagScale());
        assertEquals(Activation.SWISH, parsed.getPreActivation());
        assertEquals(new WeightInitConstant(1.0), parsed.getKernelInit());
        assertEquals(1.0, parsed.getBiasInit());
        assertEquals(List.of(new L1Regularization(0.01), new L2Regularization(0.02)), parsed.getKernelRegularization());
        assertEquals(new FeatureCross(), FeatureCross.fromKerasConfig(Map.of("name", "cross")));
    }

    @Test
    void unsupportedArgumentsAreNamed() {
        assertRefused("diag_scale", -1.0, "diagScale should be non-negative");
        assertRefused("pre_activation", "hard_sigmoid", "activation 'hard_sigmoid' is not supported");
        assertRefused("kernel_initializer", "orthogonal", "initializer orthogonal is not supported");
        assertRefused("bias_initializer", "glorot_uniform", "initializer glorot_uniform is not supported");
        assertRefused("kernel_regularizer", Map.of("class_name", "OrthogonalRegularizer"), "is not supported");
        assertRefused("projection_dim", "4", "'projection_dim' must be a integer");
        assertRefused("units", 4, "unknown key 'units'");
    }

    private static void assertRefused(String key, Object value, String part) {
        Map<String, Object> config = new LinkedHashMap<>(new FeatureCross().toKerasConfig("cross"));
        config.put(key, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureCross.fromKerasConfig(config));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> layerConfig(String name) {
        Map<String, Object> model = Fixtures.json("keras3-catalogue/feature_cross_tf.layers.json");
        return (Map<String, Object>) model.get(name);
    }
}
