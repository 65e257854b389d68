package io.github.kerasrs4j.layers;

import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.FixedSchedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's L1, L2 and L1L2 regularizers as DL4J regularization. Keras adds {@code l1 * sum|w|} and
 * {@code l2 * sum(w^2)} to the loss; DL4J's L1Regularization(c) adds {@code c * sum|w|} and its
 * L2Regularization(c) adds {@code c/2 * sum(w^2)}, so Keras's l2 is DL4J's 2 * l2.
 */
final class KerasRegularizers {

    private KerasRegularizers() {
    }

    /**
     * DL4J regularization for a Keras regularizer: null, a name ("l1", "l2", "l1_l2", with Keras's
     * defaults) or a serialized dict.
     *
     * @throws IllegalArgumentException for another regularizer
     */
    static List<Regularization> fromKeras(Object regularizer) {
        List<Regularization> regularization = new ArrayList<>();
        if (regularizer == null) {
            return regularization;
        }
        double l1;
        double l2;
        if ("l1".equals(regularizer)) {
            l1 = 0.01;
            l2 = 0;
        } else if ("l2".equals(regularizer)) {
            l1 = 0;
            l2 = 0.01;
        } else if ("l1_l2".equals(regularizer)) {
            l1 = 0.01;
            l2 = 0.01;
        } else if (regularizer instanceof Map && isL1L2((Map<?, ?>) regularizer)) {
            Object config = ((Map<?, ?>) regularizer).get("config");
            Map<?, ?> values = config instanceof Map ? (Map<?, ?>) config : Map.of();
            l1 = number(values, "l1", regularizer);
            l2 = number(values, "l2", regularizer);
        } else {
            throw new IllegalArgumentException("Keras regularizer " + regularizer + " is not supported; "
                    + "supported: L1, L2 and L1L2");
        }
        if (l1 != 0) {
            regularization.add(new L1Regularization(l1));
        }
        if (l2 != 0) {
            regularization.add(new L2Regularization(2 * l2));
        }
        return regularization;
    }

    /**
     * The Keras 3 dict for DL4J regularization (L1 and L2 with fixed coefficients only), or null for none.
     *
     * @throws IllegalArgumentException for regularization Keras has no regularizer for
     */
    static Map<String, Object> toKeras(List<Regularization> regularization) {
        double l1 = 0;
        double l2 = 0;
        for (Regularization r : regularization == null ? List.<Regularization>of() : regularization) {
            if (r instanceof L1Regularization && ((L1Regularization) r).getL1() instanceof FixedSchedule) {
                l1 += ((L1Regularization) r).getL1().valueAt(0, 0);
            } else if (r instanceof L2Regularization && ((L2Regularization) r).getL2() instanceof FixedSchedule) {
                l2 += ((L2Regularization) r).getL2().valueAt(0, 0) / 2;
            } else {
                throw new IllegalArgumentException("regularization " + r + " has no Keras equivalent: only L1 and "
                        + "L2 regularization with fixed coefficients map to Keras regularizers");
            }
        }
        if (l1 == 0 && l2 == 0) {
            return null;
        }
        Map<String, Object> config = new LinkedHashMap<>();
        if (l1 != 0) {
            config.put("l1", l1);
        }
        if (l2 != 0) {
            config.put("l2", l2);
        }
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("module", "keras.regularizers");
        dict.put("class_name", l1 != 0 && l2 != 0 ? "L1L2" : l1 != 0 ? "L1" : "L2");
        dict.put("config", config);
        dict.put("registered_name", null);
        return dict;
    }

    private static boolean isL1L2(Map<?, ?> regularizer) {
        Object className = regularizer.get("class_name");
        return "L1".equals(className) || "L2".equals(className) || "L1L2".equals(className);
    }

    private static double number(Map<?, ?> config, String key, Object regularizer) {
        Object value = config.get(key);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number) || ((Number) value).doubleValue() < 0) {
            throw new IllegalArgumentException("Keras regularizer " + regularizer + " has " + key + "=" + value
                    + ": expected a non-negative number");
        }
        return ((Number) value).doubleValue();
    }
}
