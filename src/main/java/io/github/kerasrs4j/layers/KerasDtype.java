package io.github.kerasrs4j.layers;

import org.nd4j.linalg.api.buffer.DataType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras dtypes as ND4J data types. Keras 3 writes a layer's dtype as a DTypePolicy dict
 * ({"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, ...}); older
 * files and hand-written configs give the bare name.
 */
public final class KerasDtype {

    private KerasDtype() {
    }

    /**
     * The compute type of a Keras dtype (a name or a DTypePolicy dict); a mixed policy such as
     * "mixed_float16" computes in its half type.
     *
     * @throws IllegalArgumentException for anything that is not a floating-point Keras dtype
     */
    public static DataType toDataType(Object dtype) {
        String name;
        if (dtype instanceof String) {
            name = (String) dtype;
        } else if (dtype instanceof Map) {
            Object config = ((Map<?, ?>) dtype).get("config");
            Object policyName = config instanceof Map ? ((Map<?, ?>) config).get("name") : null;
            if (!(policyName instanceof String)) {
                throw new IllegalArgumentException("Keras dtype policy " + dtype + " has no config.name string");
            }
            name = (String) policyName;
        } else {
            throw new IllegalArgumentException("Keras dtype must be a string or a DTypePolicy dict, got "
                    + (dtype == null ? "null" : dtype.getClass().getSimpleName() + " " + dtype));
        }
        switch (name) {
            case "float16":
            case "mixed_float16":
                return DataType.HALF;
            case "bfloat16":
            case "mixed_bfloat16":
                return DataType.BFLOAT16;
            case "float32":
                return DataType.FLOAT;
            case "float64":
                return DataType.DOUBLE;
            default:
                throw new IllegalArgumentException("Keras dtype '" + name + "' is not supported: expected float16, "
                        + "bfloat16, float32, float64, mixed_float16 or mixed_bfloat16");
        }
    }

    /** The Keras 3 DTypePolicy dict for an ND4J floating-point type. */
    public static Map<String, Object> policy(DataType dataType) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name(dataType));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("module", "keras");
        policy.put("class_name", "DTypePolicy");
        policy.put("config", config);
        policy.put("registered_name", null);
        return policy;
    }

    /** The Keras name of an ND4J floating-point type. */
    public static String name(DataType dataType) {
        switch (dataType) {
            case HALF:
                return "float16";
            case BFLOAT16:
                return "bfloat16";
            case FLOAT:
                return "float32";
            case DOUBLE:
                return "float64";
            default:
                throw new IllegalArgumentException("No Keras floating-point dtype for " + dataType);
        }
    }
}
