package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * Functional models nested in Functional models, with a Sequential inside them (src/test/resources/keras3-nested):
 * inlined with their weights from both formats' nested layouts, once or called twice.
 */
class NestedModelImportTest {

    private static final String DIRECTORY = "keras3-nested";

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"nested_functional, keras", "nested_functional, h5", "nested_twice, keras", "nested_twice, h5"})
    void predictsWhatKerasPredicted(String model, String extension) throws Exception {
        ImportedKerasModel imported = KerasRsModelImport.importModel(KerasCatalogue.file(DIRECTORY, model, extension));
        KerasCatalogue expected = KerasCatalogue.load(DIRECTORY, model);
        Map<String, INDArray> predicted = imported.predict(expected.inputs);
        expected.outputs.forEach((name, value) -> KerasCatalogueImportTest.assertCloseRelative(value, predicted.get(name), name));

        if (model.equals("nested_twice")) {
            // The block's layers with weights, each computed by two vertices.
            assertEquals(Map.of(
                    "encoder/encoder_bn", List.of("encoder/encoder_bn", "encoder_call1/encoder_bn"),
                    "encoder/encoder_mlp/dense_2", List.of("encoder/encoder_mlp/dense_2", "encoder_call1/encoder_mlp/dense_2"),
                    "encoder/encoder_mlp/dense_3", List.of("encoder/encoder_mlp/dense_3", "encoder_call1/encoder_mlp/dense_3")),
                    imported.sharedLayers());
        } else {
            assertNotNull(imported.graph().getLayer("tower/tower_mlp/dense"));
        }
    }
}
