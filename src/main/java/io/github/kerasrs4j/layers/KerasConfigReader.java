package io.github.kerasrs4j.layers;

import org.nd4j.linalg.api.buffer.DataType;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from a keras_rs layer's {@code get_config()} map, shared by the layers' fromKerasConfig:
 * an unknown key or a value of the wrong type fails naming the layer class and the key. The keys every
 * Keras layer has (name, trainable, dtype) are checked here; dtype is a name or a DTypePolicy dict.
 */
final class KerasConfigReader {

    private static final Set<String> COMMON_KEYS = Set.of("name", "trainable", "dtype");

    private final String layerClass;
    private final Map<String, Object> config;

    /**
     * @param layerClass the Keras class, for messages
     * @param ownKeys    the keys of the layer's own arguments; anything else but the common keys fails
     * @throws IllegalArgumentException for an unknown key or a bad name, trainable or dtype
     */
    KerasConfigReader(String layerClass, Map<String, Object> config, Set<String> ownKeys) {
        this.layerClass = layerClass;
        this.config = Objects.requireNonNull(config, layerClass + " Keras config is null");
        Set<String> known = new HashSet<>(COMMON_KEYS);
        known.addAll(ownKeys);
        for (String key : config.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(layerClass + " Keras config has unknown key '" + key
                        + "'; known keys: " + new TreeSet<>(known));
            }
        }
        value("name", String.class, null);
        value("trainable", Boolean.class, null);
        if (config.get("dtype") != null) {
            KerasDtype.toDataType(config.get("dtype"));
        }
    }

    /** The value of {@code key}, or {@code absent} when the key is missing or null. */
    <T> T value(String key, Class<T> type, T absent) {
        Object value = config.get(key);
        if (value == null) {
            return absent;
        }
        if (!type.isInstance(value)) {
            throw error(key, "must be a " + type.getSimpleName().toLowerCase() + ", got "
                    + value.getClass().getSimpleName() + " " + value);
        }
        return type.cast(value);
    }

    /** The raw value of {@code key}, null when missing. */
    Object raw(String key) {
        return config.get(key);
    }

    /** An error naming the layer class and the key. */
    IllegalArgumentException error(String key, String problem) {
        return new IllegalArgumentException(layerClass + " Keras config '" + key + "' " + problem);
    }

    /** The keys every layer's Keras 3 config starts with: name, trainable and dtype (a float32 DTypePolicy dict). */
    static Map<String, Object> commonConfig(String name) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("trainable", true);
        config.put("dtype", KerasDtype.policy(DataType.FLOAT));
        return config;
    }
}
