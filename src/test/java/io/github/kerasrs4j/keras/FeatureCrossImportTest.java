package io.github.kerasrs4j.keras;

import static io.github.kerasrs4j.keras.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.kerasrs4j.layers.FeatureCross;
import io.github.kerasrs4j.testing.Fixtures;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The catalogue's DCN models (three FeatureCross layers: full rank, low rank with diag_scale, without
 * bias; one and two inputs), saved by Keras on three backends, import from .keras and .h5 and compute
 * what Keras computed.
 */
class FeatureCrossImportTest {

    static Stream<Arguments> files() {
        return Stream.of("tf", "jax", "torch").flatMap(backend -> Stream.of(
                Arguments.of(backend, "keras"), Arguments.of(backend, "h5")));
    }

    @ParameterizedTest(name = "feature_cross_{0}.{1}")
    @MethodSource("files")
    @SuppressWarnings("unchecked")
    void reproducesKerasOutputs(String backend, String extension) throws Exception {
        String model = "feature_cross_" + backend;
        ComputationGraph graph = KerasRsModelImport.importKerasModelAndWeights(file(model + "." + extension));

        Map<String, GraphVertex> vertices = graph.getConfiguration().getVertices();
        FeatureCross full = assertInstanceOf(FeatureCross.class, vertices.get("cross_0"));
        assertNull(full.getProjectionDim());
        assertEquals(16, full.getInputSize());
        FeatureCross lowRank = assertInstanceOf(FeatureCross.class, vertices.get("cross_1"));
        assertEquals(4, lowRank.getProjectionDim());
        assertEquals(0.1, lowRank.getDiagScale());
        FeatureCross noBias = assertInstanceOf(FeatureCross.class, vertices.get("cross_2"));
        assertEquals(false, noBias.isUseBias());
        assertEquals(List.of("concat", "cross_1"), graph.getConfiguration().getVertexInputs().get("cross_2"));
        assertEquals(List.of(FeatureCross.DOWN_PROJECTION, FeatureCross.UP_PROJECTION, FeatureCross.BIAS),
                List.copyOf(graph.getVertex("cross_1").paramTable(false).keySet()));

        Map<String, Object> fixture = Fixtures.json("keras3-catalogue/" + model + ".json");
        Map<String, Object> inputs = (Map<String, Object>) fixture.get("inputs");
        INDArray[] ids = graph.getConfiguration().getNetworkInputs().stream()
                .map(name -> idColumn((List<Number>) inputs.get(name)))
                .toArray(INDArray[]::new);
        INDArray expected = Fixtures.matrix(((Map<String, Object>) fixture.get("outputs")).get("out"), DataType.FLOAT);
        assertClose(expected, graph.outputSingle(ids), model + "." + extension);
    }

    /** Ids of shape (batch,) as the column [batch, 1] the imported graph takes. */
    private static INDArray idColumn(List<Number> ids) {
        float[][] column = new float[ids.size()][1];
        for (int i = 0; i < column.length; i++) {
            column[i][0] = ids.get(i).floatValue();
        }
        return Nd4j.create(column);
    }

    private static String file(String name) throws URISyntaxException {
        return Path.of(FeatureCrossImportTest.class.getResource("/keras3-catalogue/" + name).toURI()).toString();
    }
}
