package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lookups and Normalization at the input edge of real Keras 3 models (src/test/resources/keras3-preprocessing
 * and the catalogue's lookups_inside): raw ids, strings and numbers in, Keras's outputs out, and the
 * graph's own inputs what the layers gave out.
 */
class InputPreprocessingImportTest {

    private static final String DIRECTORY = "keras3-preprocessing";

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"lookup_modes, keras", "normalization, keras", "normalization, h5"})
    void predictsWhatKerasPredicted(String model, String extension) throws Exception {
        ImportedKerasModel imported = KerasRsModelImport.importModel(KerasCatalogue.file(DIRECTORY, model, extension));
        KerasCatalogue expected = KerasCatalogue.load(DIRECTORY, model);
        Map<String, INDArray> predicted = imported.predict(expected.inputs);
        expected.outputs.forEach((name, value) ->
                KerasCatalogueImportTest.assertCloseRelative(value, predicted.get(name), model + " " + name));
    }

    @Test
    void theGraphTakesWhatTheLookupsGiveOut() throws Exception {
        ImportedKerasModel model = KerasRsModelImport.importModel(KerasCatalogue.file("lookups_inside_tf", "h5"));
        assertEquals(List.of("user_id", "genre"), model.inputNames());
        INDArray[] graphInputs = model.toGraphInputs(Map.of("user_id", new long[]{42, 3, 99}, "genre",
                new String[]{"horror", "western", "comedy"}));
        // vocabularies [3, 7, 11, 19, 42] and [comedy, drama, horror] after the OOV index 0
        assertEquals(Nd4j.createFromArray(new float[][]{{5}, {1}, {0}}), graphInputs[0]);
        assertEquals(Nd4j.createFromArray(new float[][]{{3}, {0}, {1}}), graphInputs[1]);
        assertEquals(model.graph().output(graphInputs)[0], model.predict(Map.of("user_id", new int[]{42, 3, 99},
                "genre", new String[]{"horror", "western", "comedy"})).get("out"));
    }

    @Test
    void rawColumnsOfTheWrongKindNameTheInput() throws Exception {
        ImportedKerasModel model = KerasRsModelImport.importModel(KerasCatalogue.file("lookups_inside_tf", "keras"));
        Map<String, Object> inputs = new HashMap<>(Map.of("user_id", new long[]{42}, "genre", new int[]{1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(inputs));
        assertTrue(e.getMessage().contains("input 'genre'") && e.getMessage().contains("strings"), e.getMessage());
        inputs.put("genre", new String[]{"drama", "comedy"});
        e = assertThrows(IllegalArgumentException.class, () -> model.predict(inputs));
        assertTrue(e.getMessage().contains("rows"), e.getMessage());
    }
}
