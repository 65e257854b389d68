package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.kerasrs4j.layers.DotInteraction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;

/**
 * After KerasDotInteraction.register(), DL4J's own KerasModelImport maps DotInteraction in Keras 2
 * files. Runs the Keras 2 block of docs/keras-import.md verbatim.
 */
class KerasDotInteractionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"DotInteraction", "keras_rs>DotInteraction"})
    void dl4jImportMapsBothNamesOnceRegistered(String className) throws Exception {
        // A Keras 2 .h5 as tf.keras writes it; the model has no weights, so model_weights is empty.
        String path = dir.resolve("keras2.h5").toString();
        try (Hdf5TestFile h5 = new Hdf5TestFile(Path.of(path))) {
            h5.attribute("keras_version", "2.15.0").attribute("backend", "tensorflow")
                    .attribute("model_config", keras2Model(className)).group("model_weights");
        }
        KerasDotInteraction.register();   // registering twice changes nothing

        KerasDotInteraction.register();
        ComputationGraph graph = KerasModelImport.importKerasModelAndWeights(path);   // a Keras 2 .h5 file

        DotInteraction vertex = assertInstanceOf(DotInteraction.class, graph.getConfiguration().getVertices().get("dot"));
        assertEquals(new DotInteraction(true, false), vertex);
        // a = (1, 2, 3, 4), b = (1, 1, 1, 1): with self_interaction Keras gives [a.a, b.a, b.b].
        float[] output = graph.outputSingle(Nd4j.createFromArray(new float[][]{{1, 2, 3, 4}}),
                Nd4j.createFromArray(new float[][]{{1, 1, 1, 1}})).toFloatVector();
        assertEquals(30f, output[0]);
        assertEquals(10f, output[1]);
        assertEquals(4f, output[2]);
    }

    /** A Keras 2 (tf.keras) model config: two inputs of 4 into DotInteraction(self_interaction=True). */
    private static String keras2Model(String className) {
        return "{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": ["
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
