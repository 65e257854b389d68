package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every catalogue model, saved by each backend in both formats, imports and predicts what Keras predicted. */
class KerasCatalogueImportTest {

    static final List<String> MODELS = List.of("dict_inputs_dlrm", "dict_outputs", "dropout_batchnorm",
            "nested_sequential", "ops_nodes", "sequential_mlp", "shared_embedding", "two_tower_extras");

    /** Models only TensorFlow can save: their inputs hold strings. */
    static final List<String> TENSORFLOW_ONLY = List.of("lookups_inside");

    static Stream<Arguments> files() {
        Stream<String> saved = Stream.concat(MODELS.stream().flatMap(model -> KerasCatalogue.BACKENDS.stream()
                .map(backend -> model + "_" + backend)), TENSORFLOW_ONLY.stream().map(model -> model + "_tf"));
        return saved.flatMap(model -> Stream.of(Arguments.of(model, "keras"), Arguments.of(model, "h5")));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("files")
    void predictsWhatKerasPredicted(String model, String extension) throws Exception {
        KerasCatalogue expected = KerasCatalogue.load(model);
        ImportedKerasModel imported = KerasRsModelImport.importModel(KerasCatalogue.file(model, extension));

        Map<String, Object> inputs = byModelNames(imported, expected.inputs);
        assertEquals(new ArrayList<>(expected.outputs.keySet()), imported.outputNames());
        Map<String, INDArray> outputs = imported.predict(inputs);
        assertEquals(imported.outputNames(), new ArrayList<>(outputs.keySet()));
        for (Map.Entry<String, INDArray> output : expected.outputs.entrySet()) {
            assertCloseRelative(output.getValue(), outputs.get(output.getKey()), model + " output " + output.getKey());
        }
    }

    /**
     * The catalogue names a Sequential model's input by its symbolic tensor ("keras_tensor_214"),
     * which the file does not record; a single input is matched by position, the rest by name.
     */
    static Map<String, Object> byModelNames(ImportedKerasModel model, Map<String, Object> inputs) {
        if (inputs.size() == 1 && model.inputNames().size() == 1) {
            return Map.of(model.inputNames().get(0), inputs.values().iterator().next());
        }
        assertEquals(new java.util.TreeSet<>(inputs.keySet()), new java.util.TreeSet<>(model.inputNames()));
        return new LinkedHashMap<>(inputs);
    }

    /** Within 1e-5 of Keras, relative to the output's scale (its largest magnitude, at least 1). */
    static void assertCloseRelative(INDArray expected, INDArray actual, String what) {
        INDArray want = expected.castTo(DataType.DOUBLE);
        INDArray got = actual.castTo(DataType.DOUBLE).reshape(want.shape());
        assertArrayEquals(want.shape(), got.shape(), what + " shape");
        double scale = Math.max(1.0, Transforms.abs(want).maxNumber().doubleValue());
        double error = Transforms.abs(want.sub(got)).maxNumber().doubleValue();
        assertTrue(error <= 1e-5 * scale, what + ": max |expected - actual| = " + error + " at scale " + scale);
    }
}
