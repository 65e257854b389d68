package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/** The import snippets of docs/keras-import.md and README.md, verbatim, on the models they name. */
class KerasImportDocsTest {

    @Test
    void importSnippetGivesKerasOutputs() throws Exception {
        String path = KerasCatalogue.file("dict_inputs_dlrm_tf", "keras").toString();

        // --- docs/keras-import.md
        ImportedKerasModel model = KerasRsModelImport.importModel(path);   // dict_inputs_dlrm_tf.keras or .h5

        // keras.Model(inputs={"user": ..., "item": ..., "city": ..., "age": ..., "price": ...}): one entry per input name.
        Map<String, Object> inputs = Map.of(
                "user", new int[]{0, 34},                          // Input(shape=(), dtype="int32"): one id per sample
                "item", new int[]{63, 65},
                "city", new int[]{5, 11},
                "age", new float[]{0.7547696f, -0.1459779f},      // Input(shape=(1,)): a float[] or a float[][] of rows
                "price", new float[][]{{0.72812754f}, {-1.2616004f}});
        INDArray rating = model.predict(inputs).get("rating");   // [2, 1]: what Keras's model.predict(inputs) gives
        // ---

        // The first two rows of the catalogue's inputs, and what Keras computed for them.
        assertArrayEquals(new long[]{2, 1}, rating.shape());
        INDArray keras = KerasCatalogue.load("dict_inputs_dlrm_tf").outputs.get("rating").getRows(0, 1);
        KerasCatalogueImportTest.assertCloseRelative(keras, rating, "rating");
    }

    @Test
    void graphSnippetRuns() throws Exception {
        String path = Keras3Fixture.file("dlrm_criteo_like", "keras").toString();

        // --- README.md: the bare graph, inputs in the Keras model's order
        ComputationGraph graph = KerasRsModelImport.importKerasModelAndWeights(path);   // dlrm_criteo_like.keras or .h5
        INDArray[] inputs = new INDArray[9];
        inputs[0] = Nd4j.rand(DataType.FLOAT, 2, 13);
        for (int i = 1; i < 9; i++) {
            inputs[i] = Nd4j.createFromArray(new float[][]{{3}, {5}});
        }
        INDArray clickProbability = graph.outputSingle(inputs);   // [2, 1]: Keras's output "prediction"
        // ---

        assertArrayEquals(new long[]{2, 1}, clickProbability.shape());
        assertTrue(clickProbability.minNumber().doubleValue() > 0 && clickProbability.maxNumber().doubleValue() < 1);
    }
}
