package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/** The import snippet of docs/keras-import.md, verbatim, on the catalogue model it names. */
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
}
