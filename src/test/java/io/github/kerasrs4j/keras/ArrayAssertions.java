package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Comparison of an imported graph's arrays with the values they should have. */
final class ArrayAssertions {

    /** The importer's promise: Keras's float32 outputs within 1e-5, absolute. */
    static final double TOLERANCE = 1e-5;

    private ArrayAssertions() {
    }

    static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double maxError = Transforms.abs(expected.sub(actual)).maxNumber().doubleValue();
        assertTrue(maxError <= TOLERANCE, what + ": max |expected - actual| = " + maxError);
    }
}
