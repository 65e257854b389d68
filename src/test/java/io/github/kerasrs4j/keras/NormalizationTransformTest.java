package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Normalization against the examples in Keras 3's docstring (keras/src/layers/preprocessing/normalization.py). */
class NormalizationTransformTest {

    @Test
    void adaptedGlobalStatistics() {
        // adapt([1, 2, 3, 4, 5]) with axis=None stores mean 3 and variance 2
        NormalizationTransform layer = new NormalizationTransform("norm", config(null, null, null),
                Arrays.asList((Object) null), adapted(Nd4j.scalar(3f), Nd4j.scalar(2f)));
        assertClose(new double[][]{{-1.4142135}, {-0.70710677}, {0}}, layer.apply(Nd4j.createFromArray(1f, 2f, 3f), "x"));
    }

    @Test
    void adaptedPerFeatureStatistics() {
        // adapt([[0,7,4],[2,9,6],[0,7,4],[2,9,6]]) with axis=-1: mean [1, 8, 5], variance [1, 1, 1]
        Map<String, INDArray> weights = adapted(Nd4j.createFromArray(1f, 8f, 5f), Nd4j.createFromArray(1f, 1f, 1f));
        NormalizationTransform layer = new NormalizationTransform("norm", config(-1, null, null), shape(3), weights);
        assertClose(new double[][]{{-1, -1, -1}}, layer.apply(Nd4j.createFromArray(new double[][]{{0, 7, 4}}), "x"));
        Map<String, Object> invert = config(List.of(-1), null, null);
        invert.put("invert", true);
        assertClose(new double[][]{{2, 10, 8}},
                new NormalizationTransform("norm", invert, shape(3), weights).apply(Nd4j.createFromArray(new float[][]{{1, 2, 3}}), "x"));
    }

    @Test
    void statisticsFromTheConfigBroadcast() {
        NormalizationTransform layer = new NormalizationTransform("norm", config(-1, 3.0, 2.0), shape(1), null);
        assertClose(new double[][]{{-1.4142135}, {-0.70710677}, {0}}, layer.apply(Nd4j.createFromArray(1.0, 2.0, 3.0), "x"));
        NormalizationTransform perFeature = new NormalizationTransform("norm",
                config(-1, List.of(1.0, 2.0), List.of(4.0, 0.0)), shape(2), null);
        // a zero variance divides by Keras's epsilon, 1e-7
        assertClose(new double[][]{{0.5, 1e7}}, perFeature.apply(Nd4j.createFromArray(new double[][]{{2, 3}}), "x"));
    }

    @Test
    void refusesWhatItCannotComputeAsKerasDoes() {
        assertMessage("axis", () -> new NormalizationTransform("norm", config(0, 1.0, 1.0), shape(2), null));
        assertMessage("2 mean values", () -> new NormalizationTransform("norm", config(-1, List.of(1.0, 2.0), List.of(1.0, 1.0)), shape(3), null));
        assertMessage("adapted weights", () -> new NormalizationTransform("norm", config(-1, null, null), shape(3), null));
        NormalizationTransform layer = new NormalizationTransform("norm", config(-1, 0.0, 1.0), shape(3), null);
        assertMessage("input 'age'", () -> layer.apply(Nd4j.createFromArray(1.0, 2.0), "age"));
    }

    private static Map<String, Object> config(Object axis, Object mean, Object variance) {
        Map<String, Object> config = new HashMap<>();
        config.put("axis", axis);
        config.put("mean", mean);
        config.put("variance", variance);
        config.put("invert", false);
        return config;
    }

    private static List<Object> shape(int features) {
        return Arrays.asList(null, features);
    }

    private static Map<String, INDArray> adapted(INDArray mean, INDArray variance) {
        return Map.of("mean", mean, "variance", variance, "count", Nd4j.scalar(5L));
    }

    private static void assertClose(double[][] expected, INDArray actual) {
        assertEquals(DataType.FLOAT, actual.dataType());
        INDArray want = Nd4j.createFromArray(expected).castTo(DataType.FLOAT);
        assertTrue(want.equalsWithEps(actual, 1e-6 * Math.max(1, want.amaxNumber().doubleValue())), want + " vs " + actual);
    }

    private static void assertMessage(String part, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
