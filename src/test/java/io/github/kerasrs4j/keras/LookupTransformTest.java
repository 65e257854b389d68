package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IntegerLookup and StringLookup against the examples in Keras 3's own docstrings
 * (keras/src/layers/preprocessing/integer_lookup.py and string_lookup.py), and the mask and
 * special-token rules of index_lookup.py.
 */
class LookupTransformTest {

    private static final List<Object> INT_VOCAB = List.of(12, 36, 1138, 42);
    private static final List<Object> STRING_VOCAB = List.of("a", "b", "c", "d");

    @Test
    void integerLookupWithAKnownVocabularyGivesOovIndexZero() {
        LookupTransform layer = integerLookup(Map.of("vocabulary", INT_VOCAB));
        assertIndices(new long[][]{{1, 3, 4}, {4, 0, 2}}, layer.apply(new long[][]{{12, 1138, 42}, {42, 1000, 36}}, "x"));
    }

    @Test
    void oneIdPerSampleGivesAColumn() {
        LookupTransform layer = integerLookup(Map.of("vocabulary", INT_VOCAB));
        INDArray out = layer.apply(new int[]{36, 7, 42}, "x");
        assertArrayEquals(new long[]{3, 1}, out.shape());
        assertIndices(new long[][]{{2}, {0}, {4}}, out);
        assertIndices(new long[][]{{2}, {0}, {4}}, layer.apply(Nd4j.createFromArray(36f, 7f, 42f), "x"));
    }

    @Test
    void severalOovIndicesTakeTheFloorModOfAnInteger() {
        LookupTransform layer = integerLookup(Map.of("vocabulary", INT_VOCAB, "num_oov_indices", 2));
        assertIndices(new long[][]{{2, 4, 5}, {1, 0, 3}}, layer.apply(new long[][]{{12, 1138, 42}, {37, 1000, 36}}, "x"));
        assertIndices(new long[][]{{1}, {0}}, layer.apply(new long[]{-3, -4}, "x"));   // floor, not truncation
    }

    @Test
    void farmhashSpreadsIntegerOovTokensAsKerasDocuments() {
        LookupTransform layer = integerLookup(Map.of("vocabulary", List.of(10, 20, 30), "num_oov_indices", 4,
                "oov_method", "farmhash"));
        assertIndices(new long[][]{{3}, {3}, {2}, {2}, {0}, {1}}, layer.apply(new long[]{100, 300, 700, 1100, 1700, 2000}, "x"));
    }

    @Test
    void stringOovTokensAreHashedWithFarmHash() {
        LookupTransform layer = stringLookup(Map.of("vocabulary", STRING_VOCAB, "num_oov_indices", 2));
        assertIndices(new long[][]{{2, 4, 5}, {0, 1, 3}}, layer.apply(new String[][]{{"a", "c", "d"}, {"m", "z", "b"}}, "x"));
    }

    @Test
    void oneHotMultiHotAndCountOutputs() {
        assertValues(new double[][]{{0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}, {1, 0, 0, 0, 0}},
                integerLookup(Map.of("vocabulary", INT_VOCAB, "output_mode", "one_hot")).apply(new long[]{12, 36, 1138, 42, 7}, "x"));
        long[][] data = {{12, 1138, 42, 42}, {42, 7, 36, 7}};
        assertValues(new double[][]{{0, 1, 0, 1, 1}, {1, 0, 1, 0, 1}},
                integerLookup(Map.of("vocabulary", INT_VOCAB, "output_mode", "multi_hot")).apply(data, "x"));
        assertValues(new double[][]{{0, 1, 0, 1, 2}, {2, 0, 1, 0, 1}},
                integerLookup(Map.of("vocabulary", INT_VOCAB, "output_mode", "count")).apply(data, "x"));
        assertValues(new double[][]{{0, 1, 0, 1, 2}, {2, 0, 1, 0, 1}},
                stringLookup(Map.of("vocabulary", STRING_VOCAB, "output_mode", "count"))
                        .apply(new String[][]{{"a", "c", "d", "d"}, {"d", "z", "b", "z"}}, "x"));
    }

    @Test
    void padToMaxTokensWidensTheOutput() {
        LookupTransform layer = stringLookup(Map.of("vocabulary", STRING_VOCAB, "output_mode", "multi_hot",
                "pad_to_max_tokens", true, "max_tokens", 7));
        assertEquals(7, layer.outputWidth());
        assertValues(new double[][]{{0, 1, 0, 0, 0, 0, 0}}, layer.apply(new String[][]{{"a"}}, "x"));
    }

    @Test
    void theMaskTokenTakesIndexZeroInIntModeAndCountsNowhereOtherwise() {
        LookupTransform ints = stringLookup(Map.of("vocabulary", STRING_VOCAB, "mask_token", ""));
        assertIndices(new long[][]{{2, 0, 1, 5}}, ints.apply(new String[][]{{"a", "", "z", "d"}}, "x"));
        LookupTransform multiHot = stringLookup(Map.of("vocabulary", STRING_VOCAB, "mask_token", "",
                "output_mode", "multi_hot"));
        assertValues(new double[][]{{0, 1, 0, 0, 0}, {1, 0, 0, 0, 0}}, multiHot.apply(new String[][]{{"a", ""}, {"", "q"}}, "x"));
    }

    @Test
    void anAdaptedVocabularyComesFromTheAssetWithItsSpecialTokens() {
        // StringLookup().adapt([["a","c","d"],["d","z","b"]]).get_vocabulary() in Keras's docstring
        LookupTransform layer = new LookupTransform(LookupTransform.STRING_LOOKUP, "lookup", config(Map.of("oov_token", "[UNK]")),
                List.of("[UNK]", "d", "z", "c", "b", "a", ""));
        assertIndices(new long[][]{{5, 3, 1}, {1, 2, 4}}, layer.apply(new String[][]{{"a", "c", "d"}, {"d", "z", "b"}}, "x"));
        LookupTransform masked = new LookupTransform(LookupTransform.INTEGER_LOOKUP, "lookup",
                config(Map.of("mask_token", 0, "oov_token", -1)), List.of("0", "-1", "42", "7"));
        assertIndices(new long[][]{{2, 3, 0, 1}}, masked.apply(new long[][]{{42, 7, 0, 5}}, "x"));
    }

    @Test
    void refusesWhatKerasRefusesAndWhatTheImporterDoesNotImplement() {
        assertMessage("repeats [b]", () -> stringLookup(Map.of("vocabulary", List.of("a", "b", "b"))));
        assertMessage("mask token", () -> stringLookup(Map.of("vocabulary", List.of("a", "", "b"), "mask_token", "")));
        assertMessage("no vocabulary", () -> stringLookup(Map.of()));
        assertMessage("invert", () -> stringLookup(Map.of("vocabulary", STRING_VOCAB, "invert", true)));
        assertMessage("tf_idf", () -> stringLookup(Map.of("vocabulary", STRING_VOCAB, "output_mode", "tf_idf")));
        assertMessage("salt", () -> stringLookup(Map.of("vocabulary", STRING_VOCAB, "salt", List.of(1, 2))));
        assertMessage("vocabulary_size 9", () -> stringLookup(Map.of("vocabulary", STRING_VOCAB, "vocabulary_size", 9)));
        LookupTransform strict = stringLookup(Map.of("vocabulary", STRING_VOCAB, "num_oov_indices", 0));
        assertMessage("'z' is not in the vocabulary", () -> strict.apply(new String[]{"a", "z"}, "genre"));
        LookupTransform oneHot = stringLookup(Map.of("vocabulary", STRING_VOCAB, "output_mode", "one_hot"));
        assertMessage("rank-3", () -> oneHot.apply(new String[][]{{"a", "b"}}, "genre"));
        LookupTransform multiHot = stringLookup(Map.of("vocabulary", STRING_VOCAB, "output_mode", "multi_hot"));
        assertMessage("whole batch", () -> multiHot.apply(new String[]{"a", "b"}, "genre"));
    }

    @Test
    void badRawColumnsNameTheInput() {
        LookupTransform strings = stringLookup(Map.of("vocabulary", STRING_VOCAB));
        assertMessage("input 'genre'", () -> strings.apply(new int[]{1}, "genre"));
        assertMessage("no samples", () -> strings.apply(new String[0], "genre"));
        assertMessage("holds a null", () -> strings.apply(new String[]{"a", null}, "genre"));
        assertMessage("same number", () -> strings.apply(new String[][]{{"a"}, {"a", "b"}}, "genre"));
        LookupTransform ints = integerLookup(Map.of("vocabulary", INT_VOCAB));
        assertMessage("found 1.5", () -> ints.apply(Nd4j.createFromArray(1.5, 2.0), "user"));
        assertMessage("input 'user'", () -> ints.apply(new String[]{"12"}, "user"));
    }

    private static LookupTransform integerLookup(Map<String, Object> settings) {
        Map<String, Object> config = config(settings);
        config.putIfAbsent("oov_token", -1);
        config.put("vocabulary_dtype", "int64");
        return new LookupTransform(LookupTransform.INTEGER_LOOKUP, "lookup", config, null);
    }

    private static LookupTransform stringLookup(Map<String, Object> settings) {
        Map<String, Object> config = config(settings);
        config.putIfAbsent("oov_token", "[UNK]");
        return new LookupTransform(LookupTransform.STRING_LOOKUP, "lookup", config, null);
    }

    /** Keras's defaults, then {@code settings}. */
    private static Map<String, Object> config(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>();
        config.put("invert", false);
        config.put("num_oov_indices", 1);
        config.put("output_mode", "int");
        config.put("sparse", false);
        config.put("pad_to_max_tokens", false);
        config.put("oov_method", "floormod");
        config.putAll(settings);
        return config;
    }

    private static void assertIndices(long[][] expected, INDArray actual) {
        assertEquals(DataType.FLOAT, actual.dataType());
        assertArrayEquals(new long[]{expected.length, expected[0].length}, actual.shape());
        for (int b = 0; b < expected.length; b++) {
            assertArrayEquals(expected[b], actual.getRow(b).toLongVector(), "row " + b + " of " + Arrays.deepToString(expected));
        }
    }

    private static void assertValues(double[][] expected, INDArray actual) {
        assertEquals(Nd4j.createFromArray(expected).castTo(DataType.FLOAT), actual);
    }

    private static void assertMessage(String part, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
