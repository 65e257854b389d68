package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Operation nodes and call kwargs, in real Keras files edited the way other Keras code saves them:
 * what has a DL4J meaning computes Keras's numbers; the rest is refused by name.
 */
class KerasOperationImportTest {

    private static final String OPS = "ops_nodes_tf";
    private static final String DROPOUT = "dropout_batchnorm_tf";

    @TempDir
    Path dir;

    @Test
    void constantBeforeTheTensorIsTheSameProduct() throws Exception {
        // ops.multiply(0.5, h) == ops.multiply(h, 0.5)
        assertPredictsKeras(OPS, edited(OPS, "swapped", c -> {
            List<Object> args = args(c, "multiply");
            args.add(0, args.remove(1));
        }));
    }

    @Test
    void subtractingAndDividingByAConstant() throws Exception {
        // h * 0.5 + h == (h - (-0.5 h)): replace multiply(h, 0.5) by divide(h, 2.0), the same product.
        assertPredictsKeras(OPS, edited(OPS, "divide", c -> {
            BrokenKerasFiles.layer(c, "multiply").put("class_name", "Divide");
            args(c, "multiply").set(1, 2.0);
        }));
    }

    @Test
    void trainingKwargsAreReadAndPredictIsInference() throws Exception {
        // Keras 3.15's predict() runs the model with training=False, which overrides a recorded training=True.
        assertPredictsKeras(DROPOUT, edited(DROPOUT, "training-true", c -> kwargs(c, "drop").put("training", true)));
        assertPredictsKeras(DROPOUT, edited(DROPOUT, "training-none", c -> kwargs(c, "bn_top").put("training", null)));
    }

    @Test
    void unsupportedOperationsAreRefusedWithTheirShapes() throws Exception {
        assertRefused(edited(OPS, "tensor-divide", c -> BrokenKerasFiles.layer(c, "add").put("class_name", "Divide")),
                "operation 'add' (Divide)", "divides one tensor by another");
        assertRefused(edited(OPS, "constant-minus", c -> {
            BrokenKerasFiles.layer(c, "multiply").put("class_name", "Subtract");
            List<Object> args = args(c, "multiply");
            args.add(0, args.remove(1));
        }), "operation 'multiply' (Subtract)", "0.5 - x");
        assertRefused(edited(OPS, "cast-bool", c -> layerConfig(c, "cast").put("dtype", "bool")),
                "operation 'cast' (Cast)", "casts int32 to bool");
        assertRefused(edited(OPS, "reshape", c -> layerConfig(c, "reshape").put("newshape", Arrays.asList(-1, 2))),
                "operation 'reshape' (Reshape)", "[null] to [-1, 2]");
        assertRefused(edited(OPS, "sin", c -> BrokenKerasFiles.layer(c, "cast").put("class_name", "Sin")),
                "operation 'cast' (Sin)", "supported operations: [Add, Cast, Concatenate, Divide, ExpandDims");
    }

    @Test
    void unknownKwargsAreRefusedByName() throws Exception {
        assertRefused(edited(OPS, "kwarg", c -> kwargs(c, "bottom").put("scale", 2)),
                "layer 'bottom' is called with keyword argument scale=2");
    }

    @Test
    void subclassedModelsAreToldHowToResave() throws Exception {
        assertRefused(edited(OPS, "subclassed", c -> c.put("class_name", "MyRanker")),
                "MyRanker", "subclassed", "Re-save it as a Functional model", "keras.Model(inputs");
    }

    private Path edited(String model, String name, Consumer<Map<String, Object>> edit) throws Exception {
        return BrokenKerasFiles.withJsonEdited(KerasCatalogue.file(model, "keras"), dir.resolve(name + ".keras"),
                "config.json", edit);
    }

    private static void assertPredictsKeras(String model, Path file) throws Exception {
        KerasCatalogue expected = KerasCatalogue.load(model);
        ImportedKerasModel imported = KerasRsModelImport.importModel(file);
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> outputs = imported.predict(expected.inputs);
        expected.outputs.forEach((name, value) -> KerasCatalogueImportTest.assertCloseRelative(value, outputs.get(name), name));
    }

    private static void assertRefused(Path file, String... parts) {
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasRsModelImport.importModel(file));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> node(Map<String, Object> config, String layer) {
        return (Map<String, Object>) ((List<Object>) BrokenKerasFiles.layer(config, layer).get("inbound_nodes")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> args(Map<String, Object> config, String layer) {
        return (List<Object>) node(config, layer).get("args");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kwargs(Map<String, Object> config, String layer) {
        return (Map<String, Object>) node(config, layer).get("kwargs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> layerConfig(Map<String, Object> config, String layer) {
        return (Map<String, Object>) BrokenKerasFiles.layer(config, layer).get("config");
    }
}
