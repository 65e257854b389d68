package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.kerasrs4j.layers.DotInteraction;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;

/** After KerasDotInteraction.register(), DL4J's own KerasModelImport maps DotInteraction in Keras 2-style files. */
class KerasDotInteractionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"DotInteraction", "keras_rs>DotInteraction"})
    void dl4jImportMapsBothNamesOnceRegistered(String className) throws Exception {
        KerasDotInteraction.register();
        KerasDotInteraction.register();   // idempotent
        Path json = Files.writeString(dir.resolve("model.json"), keras2Model(className));

        ComputationGraphConfiguration configuration = KerasModelImport.importKerasModelConfiguration(json.toString());

        DotInteraction vertex = assertInstanceOf(DotInteraction.class, configuration.getVertices().get("dot"));
        assertEquals(new DotInteraction(true, false), vertex);
        ComputationGraph graph = new ComputationGraph(configuration);
        graph.init();
        // a = (1, 2, 3, 4), b = (1, 1, 1, 1): with self_interaction Keras gives [a.a, b.a, b.b].
        float[] output = graph.outputSingle(Nd4j.createFromArray(new float[][]{{1, 2, 3, 4}}),
                Nd4j.createFromArray(new float[][]{{1, 1, 1, 1}})).toFloatVector();
        assertEquals(30f, output[0]);
        assertEquals(10f, output[1]);
        assertEquals(4f, output[2]);
    }

    /** A Keras 2 (tf.keras) model config: two inputs of 4 into DotInteraction(self_interaction=True). */
    private static String keras2Model(String className) {
        return "{\"class_name\": \"Functional\", \"keras_version\": \"2.15.0\", \"backend\": \"tensorflow\", "
                + "\"config\": {\"name\": \"m\", \"layers\": ["
                + input("a") + ", " + input("b") + ", "
                + "{\"class_name\": \"" + className + "\", \"name\": \"dot\", \"config\": {\"name\": \"dot\", "
                + "\"trainable\": true, \"dtype\": \"float32\", \"self_interaction\": true, \"skip_gather\": false}, "
                + "\"inbound_nodes\": [[[\"a\", 0, 0, {}], [\"b\", 0, 0, {}]]]}], "
                + "\"input_layers\": [[\"a\", 0, 0], [\"b\", 0, 0]], \"output_layers\": [[\"dot\", 0, 0]]}}";
    }

    private static String input(String name) {
        return "{\"class_name\": \"InputLayer\", \"name\": \"" + name + "\", \"config\": {\"batch_input_shape\": "
                + "[null, 4], \"dtype\": \"float32\", \"sparse\": false, \"name\": \"" + name + "\"}, "
                + "\"inbound_nodes\": []}";
    }
}
