package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Inputs are matched by Keras name; every kind of raw column gives the same graph input; bad inputs are named. */
class ImportedKerasModelInputsTest {

    private static final String MODEL = "dict_inputs_dlrm_torch";
    private static ImportedKerasModel model;
    private static KerasCatalogue expected;

    @BeforeAll
    static void importModel() throws Exception {
        model = KerasRsModelImport.importModel(KerasCatalogue.file(MODEL, "keras").toString());
        expected = KerasCatalogue.load(MODEL);
    }

    @Test
    void namesAreKerasNamesInKerasOrder() {
        // The file's input_layers dict is {user, item, city, age, price}; Keras orders model.inputs by key.
        assertEquals(List.of("age", "city", "item", "price", "user"), model.inputNames());
        assertEquals(model.inputNames(), model.graph().getConfiguration().getNetworkInputs());
        assertEquals(List.of("rating"), model.outputNames());
    }

    @Test
    void everyKindOfColumnGivesTheSameInputs() {
        int[] users = (int[]) expected.inputs.get("user");
        INDArray reference = model.toGraphInputs(expected.inputs)[model.inputNames().indexOf("user")];
        for (Object column : List.of(users, toLong(users), toFloat(users), toDouble(users),
                Nd4j.createFromArray(users), Nd4j.createFromArray(users).reshape(users.length, 1).castTo(DataType.DOUBLE))) {
            Map<String, Object> inputs = new LinkedHashMap<>(expected.inputs);
            inputs.put("user", column);
            assertEquals(reference, model.toGraphInputs(inputs)[model.inputNames().indexOf("user")],
                    column.getClass().getSimpleName());
        }
        // An input of shape (1,) takes one value per sample, as Keras does.
        double[][] ages = (double[][]) expected.inputs.get("age");
        double[] flat = new double[ages.length];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = ages[i][0];
        }
        Map<String, Object> inputs = new LinkedHashMap<>(expected.inputs);
        inputs.put("age", flat);
        KerasCatalogueImportTest.assertCloseRelative(expected.outputs.get("rating"), model.predict(inputs).get("rating"),
                "rating from a flat age column");
    }

    @Test
    void missingInputIsNamed() {
        Map<String, Object> inputs = new LinkedHashMap<>(expected.inputs);
        inputs.remove("city");
        assertFails(inputs, "input 'city' is missing", "[age, city, item, price, user]");
    }

    @Test
    void unknownInputIsNamed() {
        Map<String, Object> inputs = new LinkedHashMap<>(expected.inputs);
        inputs.put("cty", inputs.get("city"));
        assertFails(inputs, "no input named [cty]");
    }

    @Test
    void illTypedInputsAreNamed() {
        assertFails(with("user", new String[]{"a", "b"}), "input 'user'", "int32", "not strings");
        assertFails(with("user", List.of(1, 2)), "input 'user' is a ", "int[]");
        assertFails(with("user", null), "input 'user' is null");
        assertFails(with("age", new double[][]{{1, 2}, {3, 4}}), "input 'age'", "row 0 holds 2 values");
        assertFails(with("item", Nd4j.zeros(16, 3)), "input 'item'", "[16, 3]");
        assertFails(with("user", new long[]{1L << 40}), "input 'user'", "float32 cannot hold exactly");
        assertFails(with("city", new int[]{1, 2, 3}), "input 'city' has 3 rows", "one row per sample");
    }

    private static Map<String, Object> with(String name, Object value) {
        Map<String, Object> inputs = new LinkedHashMap<>(expected.inputs);
        inputs.put(name, value);
        return inputs;
    }

    private static void assertFails(Map<String, Object> inputs, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(inputs));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    private static long[] toLong(int[] values) {
        return java.util.Arrays.stream(values).asLongStream().toArray();
    }

    private static double[] toDouble(int[] values) {
        return java.util.Arrays.stream(values).asDoubleStream().toArray();
    }

    private static float[] toFloat(int[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = values[i];
        }
        return floats;
    }
}
