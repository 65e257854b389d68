package io.github.kerasrs4j.keras;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/**
 * Typed reads from a parsed Keras JSON config, so that a file with an unexpected shape fails with
 * a message saying where, instead of a ClassCastException or NullPointerException.
 */
final class ConfigValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigValues() {
    }

    /** Parses a JSON object; {@code what} names it in the error. */
    static Map<String, Object> parseJson(String json, String what) {
        try {
            return map(JSON.readValue(json, Object.class), what);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(where + " should be a JSON object, found " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String where) {
        if (!(value instanceof List)) {
            throw new IllegalArgumentException(where + " should be a JSON list, found " + describe(value));
        }
        return (List<Object>) value;
    }

    static String string(Object value, String where) {
        if (!(value instanceof String)) {
            throw new IllegalArgumentException(where + " should be a string, found " + describe(value));
        }
        return (String) value;
    }

    static int integer(Object value, String where) {
        if (!(value instanceof Integer)) {
            throw new IllegalArgumentException(where + " should be an integer, found " + describe(value));
        }
        return (Integer) value;
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName() + " " + value;
    }
}
