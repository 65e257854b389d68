package io.github.kerasrs4j.keras;

import static io.github.kerasrs4j.keras.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.kerasrs4j.layers.DotInteraction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every fixture model, in both formats, imports and computes what Keras computed. */
class KerasRsModelImportFixtureTest {

    static Stream<Arguments> fixtures() {
        return Keras3Fixture.MODELS.stream()
                .flatMap(model -> Stream.of(Arguments.of(model, "keras"), Arguments.of(model, "h5")));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("fixtures")
    void importsAndReproducesKeras(String model, String extension) throws Exception {
        Keras3Fixture fixture = Keras3Fixture.load(model);
        ComputationGraph graph = KerasRsModelImport.importKerasModelAndWeights(
                Keras3Fixture.file(model, extension).toString());

        assertEquals(new ArrayList<>(fixture.inputs.keySet()), graph.getConfiguration().getNetworkInputs());
        assertEquals(new ArrayList<>(fixture.outputs.keySet()), graph.getConfiguration().getNetworkOutputs());

        INDArray[] outputs = graph.output(fixture.inputArrays());
        List<INDArray> expected = new ArrayList<>(fixture.outputs.values());
        assertEquals(expected.size(), outputs.length);
        for (int i = 0; i < outputs.length; i++) {
            assertClose(expected.get(i), outputs[i], "output " + i);
        }

        INDArray[] withIntIds = graph.output(fixture.inputArraysWithIntIds());
        for (int i = 0; i < outputs.length; i++) {
            assertClose(expected.get(i), withIntIds[i], "output " + i + " from INT ids");
        }

        Map<String, INDArray> activations = graph.feedForward(fixture.inputArrays(), false);
        for (Map.Entry<String, boolean[]> flags : fixture.flags.entrySet()) {
            String name = flags.getKey();
            DotInteraction vertex = assertInstanceOf(DotInteraction.class,
                    graph.getConfiguration().getVertices().get(name));
            assertEquals(flags.getValue()[0], vertex.isSelfInteraction(), name + " self_interaction");
            assertEquals(flags.getValue()[1], vertex.isSkipGather(), name + " skip_gather");
            assertClose(fixture.interactions.get(name), activations.get(name), name);
        }
    }
}
