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
        INDArray floats = Nd4j.linspace(DataType.FLOAT, -1, 0.25, 24).reshape(2, 3, 4);
        INDArray doubles = Nd4j.createFromArray(new double[][]{{1.0 / 3, Math.PI}, {-1e-300, 1e300}});
        Path file = dir.resolve("weights.h5");
        try (Hdf5TestFile h5 = new Hdf5TestFile(file)) {
            h5.group("w").dataset("w/floats", floats).dataset("w/doubles", doubles);
        }
        try (Hdf5File h5 = Hdf5File.open(file, "the test file")) {
            assertEquals(List.of("doubles", "floats"), h5.datasets("w").stream().sorted().toList());
            assertEquals(floats, h5.floatArray("w", "floats"));
            assertEquals(DataType.FLOAT, h5.floatArray("w", "floats").dataType());
            INDArray read = h5.floatArray("w", "doubles");
            assertEquals(DataType.DOUBLE, read.dataType());
            assertArrayEquals(doubles.data().asDouble(), read.data().asDouble(), 0.0);
        }
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
