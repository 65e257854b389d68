package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;

/** What the pure-Java reader gives for files written by the native HDF5 library and by Keras. */
class Hdf5FileTest {

    @TempDir
    Path dir;

    @Test
    void weightsKeepTheirShapeAndPrecision() throws Exception {
        INDArray floats = Nd4j.linspace(DataType.FLOAT, -1, 0.1, 24).reshape(2, 3, 4);
        INDArray doubles = Nd4j.createFromArray(new double[][]{{1.0 / 3, Math.PI}, {-1e-300, 1e300}});
        INDArray halves = Nd4j.createFromArray(new float[]{-65504, -0.5f, 0.099975586f, 6.1035156e-5f, 1024})
                .castTo(DataType.HALF);   // each exact in float16
        Path file = dir.resolve("weights.h5");
        try (Hdf5TestFile h5 = new Hdf5TestFile(file)) {
            h5.group("w").dataset("w/floats", floats).dataset("w/doubles", doubles).dataset("w/halves", halves);
        }
        try (Hdf5File h5 = Hdf5File.open(file, "the test file")) {
            assertEquals(List.of("doubles", "floats", "halves"), h5.datasets("w").stream().sorted().toList());
            assertExactly(floats, h5.floatArray("w", "floats"));
            assertExactly(doubles, h5.floatArray("w", "doubles"));
            assertExactly(halves.castTo(DataType.FLOAT), h5.floatArray("w", "halves"));
        }
    }

    private static void assertExactly(INDArray expected, INDArray read) {
        assertEquals(expected.dataType(), read.dataType());
        assertArrayEquals(expected.shape(), read.shape());
        assertArrayEquals(expected.data().asDouble(), read.data().asDouble(), 0.0);
    }

    @Test
    void stringAttributesOfFixedAndVariableLength() throws Exception {
        Path keras2Style = dir.resolve("fixed.h5");
        try (Hdf5TestFile h5 = new Hdf5TestFile(keras2Style)) {
            h5.attribute("keras_version", "2.15.0");
        }
        try (Hdf5File fixed = Hdf5File.open(keras2Style, "the test file");
                Hdf5File variable = Hdf5File.open(Keras3Fixture.file("dlrm_criteo_like", "h5"), "the fixture")) {
            assertEquals("2.15.0", fixed.stringAttribute("keras_version"));
            assertNull(fixed.stringAttribute("model_config"));
            assertEquals("3.15.1", variable.stringAttribute("keras_version"));
        }
    }
}
