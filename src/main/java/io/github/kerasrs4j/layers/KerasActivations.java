package io.github.kerasrs4j.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Keras activations that have an exact DL4J {@link Activation} (same formula, same constants), and
 * each one's SameDiff form. Others (Keras's hard_sigmoid and leaky_relu, for one, use other constants
 * than DL4J's) are refused rather than mapped to something that computes different numbers.
 */
final class KerasActivations {

    /** Keras name (as keras.activations.serialize writes it) to DL4J activation. */
    private static final Map<String, Activation> BY_KERAS_NAME = new LinkedHashMap<>();

    static {
        BY_KERAS_NAME.put("linear", Activation.IDENTITY);
        BY_KERAS_NAME.put("relu", Activation.RELU);
        BY_KERAS_NAME.put("sigmoid", Activation.SIGMOID);
        BY_KERAS_NAME.put("tanh", Activation.TANH);
        BY_KERAS_NAME.put("silu", Activation.SWISH);
        BY_KERAS_NAME.put("elu", Activation.ELU);
        BY_KERAS_NAME.put("selu", Activation.SELU);
        BY_KERAS_NAME.put("softplus", Activation.SOFTPLUS);
        BY_KERAS_NAME.put("softsign", Activation.SOFTSIGN);
    }

    private KerasActivations() {
    }

    /**
     * The DL4J activation for a Keras activation name ("swish" is Keras's alias of "silu"); null and
     * None mean linear.
     *
     * @throws IllegalArgumentException for any other
     */
    static Activation fromKeras(String name) {
        if (name == null) {
            return Activation.IDENTITY;
        }
        Activation activation = BY_KERAS_NAME.get("swish".equals(name) ? "silu" : name);
        if (activation == null) {
            throw new IllegalArgumentException("activation '" + name + "' is not supported; supported: "
                    + BY_KERAS_NAME.keySet() + " and swish");
        }
        return activation;
    }

    /** The Keras name of a supported DL4J activation. */
    static String toKeras(Activation activation) {
        for (Map.Entry<String, Activation> entry : BY_KERAS_NAME.entrySet()) {
            if (entry.getValue() == activation) {
                return entry.getKey();
            }
        }
        throw new IllegalArgumentException("activation " + activation + " has no Keras equivalent; supported: "
                + BY_KERAS_NAME.values());
    }

    /** Whether {@code activation} is one Keras has. */
    static boolean isSupported(Activation activation) {
        return BY_KERAS_NAME.containsValue(activation);
    }

    /** {@code activation(x)} in SameDiff. */
    static SDVariable define(SameDiff sd, Activation activation, SDVariable x) {
        switch (activation) {
            case IDENTITY:
                return x;
            case RELU:
                return sd.nn.relu(x, 0);
            case SIGMOID:
                return sd.nn.sigmoid(x);
            case TANH:
                return sd.math.tanh(x);
            case SWISH:
                return x.mul(sd.nn.sigmoid(x));
            case ELU:
                return sd.nn.elu(x);
            case SELU:
                return sd.nn.selu(x);
            case SOFTPLUS:
                return sd.nn.softplus(x);
            case SOFTSIGN:
                return sd.nn.softsign(x);
            default:
                throw new IllegalArgumentException("activation " + activation + " has no Keras equivalent");
        }
    }
}
