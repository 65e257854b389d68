package io.github.kerasrs4j.keras;

import static io.github.kerasrs4j.keras.ConfigValues.integer;
import static io.github.kerasrs4j.keras.ConfigValues.list;
import static io.github.kerasrs4j.keras.ConfigValues.string;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Keras IntegerLookup or StringLookup layer at a model's input edge, run in Java: raw ids or
 * strings in, the indices (or their one_hot, multi_hot or count vectors) that Keras's layer gives out.
 * Refused, by name: invert, sparse output, tf_idf, salted hashing, integer vocabularies of another
 * dtype than int64, and in "int" mode more indices than float32 holds exactly.
 */
final class LookupTransform implements RawInputTransform {

    static final String INTEGER_LOOKUP = "IntegerLookup";
    static final String STRING_LOOKUP = "StringLookup";
    /** The graph computes in float32, which holds every integer up to 2^24 exactly. */
    private static final int MAX_FLOAT_INDICES = 1 << 24;

    private final String where;
    private final boolean strings;
    private final IndexLookup lookup;
    private final LookupOutputMode mode;
    private final int depth;

    /**
     * @param className       IntegerLookup or StringLookup
     * @param name            the layer's name
     * @param config          its Keras config
     * @param assetVocabulary the lines of its vocabulary.txt asset, or null when the file has none
     * @throws IllegalArgumentException naming the layer and what in its config cannot be imported
     */
    LookupTransform(String className, String name, Map<String, Object> config, List<String> assetVocabulary) {
        this.where = className + " layer '" + name + "'";
        this.strings = STRING_LOOKUP.equals(className);
        refuse(config, "invert", Boolean.TRUE, "maps indices back to tokens");
        refuse(config, "sparse", Boolean.TRUE, "gives a sparse tensor");
        if (config.get("salt") != null) {
            throw new IllegalArgumentException(where + " hashes OOV tokens with a salt (SipHash), which the importer "
                    + "does not implement");
        }
        if (!strings && config.get("vocabulary_dtype") != null && !"int64".equals(config.get("vocabulary_dtype"))) {
            throw new IllegalArgumentException(where + " has vocabulary_dtype " + config.get("vocabulary_dtype")
                    + "; Keras supports int64 only");
        }
        this.mode = LookupOutputMode.of(string(config.getOrDefault("output_mode", "int"), where + " output_mode"), where);
        Object oovMethod = config.getOrDefault("oov_method", "floormod");
        if (!"floormod".equals(oovMethod) && !"farmhash".equals(oovMethod)) {
            throw new IllegalArgumentException(where + " has oov_method " + oovMethod + "; Keras knows floormod and farmhash");
        }
        List<Object> vocabulary = vocabulary(config.get("vocabulary"), assetVocabulary);
        this.lookup = new IndexLookup(where, vocabulary, token(config.get("mask_token"), "mask_token"),
                token(config.get("oov_token"), "oov_token"),
                integer(config.getOrDefault("num_oov_indices", 1), where + " num_oov_indices"),
                mode == LookupOutputMode.INT, "floormod".equals(oovMethod));
        this.depth = depth(config);
        if (mode == LookupOutputMode.INT && lookup.size() > MAX_FLOAT_INDICES) {
            throw new IllegalArgumentException(where + " gives " + lookup.size() + " indices, more than the 2^24 "
                    + "that float32, in which the graph computes, holds exactly");
        }
    }

    /** The number of values per sample the graph gets, for one value per sample in: 1 ("int") or the depth. */
    int outputWidth() {
        return mode == LookupOutputMode.INT ? 1 : depth;
    }

    /** Whether the graph gets the indices themselves (ids for an Embedding), not vectors of the depth. */
    boolean givesIndices() {
        return mode == LookupOutputMode.INT;
    }

    @Override
    public boolean readsNumbers() {
        return false;
    }

    @Override
    public INDArray apply(Object raw, String inputName) {
        String input = "input '" + inputName + "' (read by " + where + ")";
        RawTokens tokens = strings ? RawTokens.strings(raw, input) : RawTokens.integers(raw, input);
        long[][] indices = new long[tokens.rows().length][];
        for (int b = 0; b < indices.length; b++) {
            Object[] row = tokens.rows()[b];
            indices[b] = new long[row.length];
            for (int i = 0; i < row.length; i++) {
                indices[b][i] = lookup.index(row[i]);
            }
        }
        return mode.encode(indices, tokens.perSample(), depth, where);
    }

    /** The vocabulary from the config, else from the archive's asset, as tokens of the layer's kind. */
    private List<Object> vocabulary(Object configured, List<String> asset) {
        List<Object> vocabulary = new ArrayList<>();
        if (configured != null) {
            for (Object term : list(configured, where + " vocabulary")) {
                vocabulary.add(token(term, "vocabulary"));
            }
            return vocabulary;
        }
        if (asset == null) {
            throw new IllegalArgumentException(where + " has no vocabulary in its config and the file carries no "
                    + "vocabulary asset (a .h5 cannot; an adapted lookup layer needs the .keras format)");
        }
        List<String> lines = new ArrayList<>(asset);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);   // as Keras's load_assets does
        }
        for (String line : lines) {
            vocabulary.add(strings ? line : parseLong(line));
        }
        return vocabulary;
    }

    private Object token(Object value, String what) {
        if (value == null) {
            return null;
        }
        if (strings) {
            return string(value, where + " " + what);
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException(where + " " + what + " should hold integers, found " + value);
    }

    private Long parseLong(String line) {
        try {
            return Long.parseLong(line.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": its vocabulary asset holds '" + line + "', not an integer", e);
        }
    }

    /** Keras's output depth: max_tokens when padding to it, else the vocabulary size. */
    private int depth(Map<String, Object> config) {
        if (Boolean.TRUE.equals(config.get("pad_to_max_tokens")) && mode != LookupOutputMode.INT) {
            int maxTokens = integer(config.get("max_tokens"), where + " max_tokens");
            if (maxTokens < lookup.size()) {
                throw new IllegalArgumentException(where + " has max_tokens " + maxTokens + " but a vocabulary of "
                        + lookup.size());
            }
            return maxTokens;
        }
        Object saved = config.get("vocabulary_size");
        if (saved != null && integer(saved, where + " vocabulary_size") != lookup.size()) {
            throw new IllegalArgumentException(where + " records vocabulary_size " + saved + " but its vocabulary "
                    + "gives " + lookup.size() + " indices");
        }
        return lookup.size();
    }

    private void refuse(Map<String, Object> config, String key, Object value, String why) {
        if (value.equals(config.get(key))) {
            throw new IllegalArgumentException(where + " has " + key + "=" + value + ": it " + why
                    + ", which the importer does not support");
        }
    }
}
