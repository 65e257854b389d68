package io.github.kerasrs4j.testing;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Equality to the last bit (INDArray.equals allows a relative difference of 1e-5). */
public final class BitForBit {

    private BitForBit() {
    }

    /** The same shape and the same values, exactly. */
    public static void assertSameArray(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        assertArrayEquals(expected.dup().ravel().toDoubleVector(), actual.dup().ravel().toDoubleVector(), 0, what);
    }

    /** Computes both graphs' gradients for the same batch and asserts them equal, parameter by parameter. */
    public static void assertSameGradients(ComputationGraph expected, ComputationGraph actual, INDArray[] inputs,
                                           INDArray[] labels, String what) {
        for (ComputationGraph graph : new ComputationGraph[]{expected, actual}) {
            graph.setInputs(inputs);
            graph.setLabels(labels);
            graph.computeGradientAndScore();
        }
        Map<String, INDArray> expectedGradients = expected.gradient().gradientForVariable();
        Map<String, INDArray> actualGradients = actual.gradient().gradientForVariable();
        assertEquals(expectedGradients.keySet(), actualGradients.keySet(), what);
        expectedGradients.forEach((name, gradient) ->
                assertSameArray(gradient, actualGradients.get(name), what + ", gradient of " + name));
    }
}
