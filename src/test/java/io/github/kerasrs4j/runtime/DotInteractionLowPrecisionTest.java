package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.testing.VertexRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HALF and BFLOAT16 run and agree with FLOAT within the tolerances docs/dl4j-usage.md states:
 * relative to the largest |value|, 1e-2 for HALF and 4e-2 for BFLOAT16 (8 and 11 mantissa bits lost).
 */
class DotInteractionLowPrecisionTest {

    @ParameterizedTest(name = "{0} self={1} skip={2}")
    @CsvSource({"HALF,false,false", "HALF,true,true", "BFLOAT16,false,false", "BFLOAT16,true,true"})
    void agreesWithFloat(DataType lowPrecision, boolean self, boolean skip) {
        double tolerance = lowPrecision == DataType.HALF ? 1e-2 : 4e-2;
        Nd4j.getRandom().setSeed(11);
        INDArray[] features = IntStream.range(0, 5).mapToObj(i -> Nd4j.randn(DataType.FLOAT, 4, 8)).toArray(INDArray[]::new);
        INDArray upstream = Nd4j.randn(DataType.FLOAT, 4, skip ? 25 : self ? 15 : 10);
        DotInteraction layer = new DotInteraction(self, skip);

        VertexRunner reference = new VertexRunner(layer, DataType.FLOAT, 5);
        INDArray expected = reference.forward(features);
        INDArray[] expectedGrads = reference.backward(upstream);

        VertexRunner low = new VertexRunner(layer, lowPrecision, 5);
        INDArray[] lowFeatures = IntStream.range(0, 5).mapToObj(i -> features[i].castTo(lowPrecision)).toArray(INDArray[]::new);
        INDArray actual = low.forward(lowFeatures);
        assertEquals(lowPrecision, actual.dataType());
        assertClose(expected, actual, tolerance, "output");
        INDArray[] grads = low.backward(upstream.castTo(lowPrecision));
        for (int i = 0; i < grads.length; i++) {
            assertEquals(lowPrecision, grads[i].dataType());
            assertClose(expectedGrads[i], grads[i], tolerance, "gradient of input " + i);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        double scale = expected.amaxNumber().doubleValue();
        double diff = expected.sub(actual.castTo(DataType.FLOAT)).amaxNumber().doubleValue();
        assertTrue(diff <= relative * scale, what + ": max diff " + diff + " exceeds " + relative + " x " + scale);
    }
}
