package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.Fixtures;
import io.github.kerasrs4j.testing.VertexRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 72 golden cases (PyTorch autograd in float64): outputs and input gradients, within
 * 1e-5*max(1,|b|) in float32 and 1e-10 in float64.
 */
class DotInteractionGoldenTest {

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        Path dir = Paths.get(DotInteractionGoldenTest.class.getResource("/golden").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            Stream<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("F") && n.endsWith(".json")).sorted().toList().stream();
            return names.flatMap(n -> Stream.of(Arguments.of(n, DataType.FLOAT), Arguments.of(n, DataType.DOUBLE)));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesGoldenOutputAndGradients(String file, DataType dataType) {
        Map<String, Object> golden = Fixtures.json("golden/" + file);
        boolean self = (Boolean) golden.get("self_interaction");
        boolean skip = "skip".equals(golden.get("mode"));
        INDArray[] inputs = Fixtures.matrices(golden.get("inputs"), dataType);
        INDArray expectedOutput = Fixtures.matrix(golden.get("output"), DataType.DOUBLE);
        INDArray upstream = Fixtures.matrix(golden.get("upstream_grad"), dataType);
        INDArray[] expectedGrads = Fixtures.matrices(golden.get("input_grads"), DataType.DOUBLE);

        VertexRunner runner = new VertexRunner(new DotInteraction(self, skip), dataType, inputs.length);
        INDArray output = runner.forward(inputs);
        assertEquals(dataType, output.dataType());
        assertClose(expectedOutput, output, dataType, file + " output");
        INDArray[] grads = runner.backward(upstream);
        assertEquals(inputs.length, grads.length);
        for (int f = 0; f < grads.length; f++) {
            assertClose(expectedGrads[f], grads[f], dataType, file + " gradient of input " + f);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, DataType dataType, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double[] e = expected.data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < e.length; i++) {
            double tolerance = dataType == DataType.DOUBLE ? 1e-10 : 1e-5 * Math.max(1, Math.abs(e[i]));
            assertTrue(Math.abs(a[i] - e[i]) <= tolerance,
                    what + " [" + i + "]: expected " + e[i] + ", got " + a[i] + " (tolerance " + tolerance + ")");
        }
    }
}
