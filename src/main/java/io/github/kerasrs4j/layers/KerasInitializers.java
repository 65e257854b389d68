package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.deeplearning4j.nn.weights.WeightInitLecunUniform;
import org.deeplearning4j.nn.weights.WeightInitReluUniform;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras initializers as DL4J weight initializations, where the two draw from the same distribution
 * (a kernel [fan_in, fan_out] is read the same way by both): glorot_uniform, he_uniform,
 * lecun_uniform, zeros, ones and constant. A Keras seed is accepted and not reproduced: DL4J's
 * random numbers are its own.
 */
final class KerasInitializers {

    private static final String GLOROT_UNIFORM = "GlorotUniform";
    private static final String HE_UNIFORM = "HeUniform";
    private static final String LECUN_UNIFORM = "LecunUniform";

    private KerasInitializers() {
    }

    /**
     * The DL4J initialization of a Keras initializer: a name ("glorot_uniform") or a serialized dict.
     *
     * @throws IllegalArgumentException for an initializer without an exact DL4J equivalent
     */
    static IWeightInit weightInit(Object initializer) {
        String className = className(initializer);
        switch (className) {
            case GLOROT_UNIFORM:
                return new WeightInitXavierUniform();
            case HE_UNIFORM:
                return new WeightInitReluUniform();
            case LECUN_UNIFORM:
                return new WeightInitLecunUniform();
            default:
                return new WeightInitConstant(constant(initializer, className));
        }
    }

    /**
     * The constant a bias initializer sets: zeros, ones or constant(value).
     *
     * @throws IllegalArgumentException for any other initializer
     */
    static double constant(Object initializer) {
        return constant(initializer, className(initializer));
    }

    /** The Keras 3 dict of a DL4J initialization this class maps. */
    static Map<String, Object> toKeras(IWeightInit init) {
        if (init instanceof WeightInitXavierUniform) {
            return dict(GLOROT_UNIFORM, varianceScalingConfig());
        }
        if (init instanceof WeightInitReluUniform) {
            return dict(HE_UNIFORM, varianceScalingConfig());
        }
        if (init instanceof WeightInitLecunUniform) {
            return dict(LECUN_UNIFORM, varianceScalingConfig());
        }
        if (init instanceof WeightInitConstant) {
            // WeightInitConstant does not expose its value: read it off a one-element initialization.
            return toKeras(init.init(1, 1, new long[]{1}, 'c', Nd4j.create(DataType.DOUBLE, 1)).getDouble(0));
        }
        throw new IllegalArgumentException("weight initialization " + init + " has no Keras equivalent; supported: "
                + "XAVIER_UNIFORM, RELU_UNIFORM, LECUN_UNIFORM and constants");
    }

    /** The Keras 3 dict of a constant initializer: Zeros, Ones or Constant(value). */
    static Map<String, Object> toKeras(double value) {
        if (value == 0.0) {
            return dict("Zeros", Map.of());
        }
        if (value == 1.0) {
            return dict("Ones", Map.of());
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("value", value);
        return dict("Constant", config);
    }

    private static double constant(Object initializer, String className) {
        switch (className) {
            case "Zeros":
                return 0.0;
            case "Ones":
                return 1.0;
            case "Constant":
                Object value = config(initializer).get("value");
                if (!(value instanceof Number)) {
                    throw new IllegalArgumentException("Keras initializer Constant needs a numeric value, got " + value);
                }
                return ((Number) value).doubleValue();
            default:
                throw new IllegalArgumentException("Keras initializer " + initializer + " is not supported here; "
                        + "supported: glorot_uniform, he_uniform, lecun_uniform, zeros, ones, constant");
        }
    }

    /** Keras's class name of an initializer given by name or dict. */
    private static String className(Object initializer) {
        if (initializer instanceof String) {
            switch ((String) initializer) {
                case "glorot_uniform":
                    return GLOROT_UNIFORM;
                case "he_uniform":
                    return HE_UNIFORM;
                case "lecun_uniform":
                    return LECUN_UNIFORM;
                case "zeros":
                    return "Zeros";
                case "ones":
                    return "Ones";
                default:
                    return (String) initializer;
            }
        }
        if (initializer instanceof Map && ((Map<?, ?>) initializer).get("class_name") instanceof String) {
            return (String) ((Map<?, ?>) initializer).get("class_name");
        }
        throw new IllegalArgumentException("Keras initializer must be a name or a dict with a class_name, got "
                + initializer);
    }

    private static Map<?, ?> config(Object initializer) {
        Object config = initializer instanceof Map ? ((Map<?, ?>) initializer).get("config") : null;
        return config instanceof Map ? (Map<?, ?>) config : Map.of();
    }

    /** What Keras 3.15 writes for an unseeded GlorotUniform and its kin. */
    private static Map<String, Object> varianceScalingConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("seed", null);
        config.put("input_axes", null);
        config.put("output_axes", null);
        return config;
    }

    private static Map<String, Object> dict(String className, Map<String, Object> config) {
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("module", "keras.initializers");
        dict.put("class_name", className);
        dict.put("config", config);
        dict.put("registered_name", null);
        return dict;
    }
}
