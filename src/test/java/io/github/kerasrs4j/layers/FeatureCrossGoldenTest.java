package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.VertexRunner;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The outputs keras_rs's own tests (feature_cross_test.py) expect from Keras: x0 = [0.1, 0.2, 0.3],
 * x = [0.4, 0.5, 0.6], kernels initialized to ones, zero bias.
 */
class FeatureCrossGoldenTest {

    private static final float[] X0 = {0.1f, 0.2f, 0.3f};
    private static final float[] X = {0.4f, 0.5f, 0.6f};

    static Stream<Arguments> kerasRsCases() {
        return Stream.of(
                Arguments.of("test_full_layer", null, 0.0, true, new float[]{0.55f, 0.8f, 1.05f}),
                Arguments.of("test_low_rank_layer", 1, 0.0, true, new float[]{0.55f, 0.8f, 1.05f}),
                Arguments.of("test_one_input", null, 0.0, false, new float[]{0.16f, 0.32f, 0.48f}),
                Arguments.of("test_diag_scale", null, 1.0, true, new float[]{0.59f, 0.9f, 1.23f}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerasRsCases")
    void matchesKerasRsTests(String kerasTest, Integer projectionDim, double diagScale, boolean twoInputs,
                             float[] expected) {
        FeatureCross config = FeatureCross.builder().projectionDim(projectionDim).diagScale(diagScale)
                .kernelInit(new WeightInitConstant(1.0)).inputSize(3).build();
        VertexRunner runner = new VertexRunner(config, DataType.FLOAT, twoInputs ? 2 : 1);
        INDArray x0 = Nd4j.createFromArray(new float[][]{X0});
        INDArray output = twoInputs ? runner.forward(x0, Nd4j.createFromArray(new float[][]{X})) : runner.forward(x0);
        assertArrayEquals(expected, output.toFloatVector(), 1e-6f, kerasTest);
    }
}
