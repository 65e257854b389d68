package io.github.kerasrs4j.keras;

import static io.github.kerasrs4j.keras.ConfigValues.list;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Keras Normalization layer at a model's input edge, run in Java: {@code (x - mean) / max(sqrt(variance), 1e-7)},
 * or with invert {@code mean + x * max(sqrt(variance), 1e-7)}, as keras/src/layers/preprocessing/normalization.py
 * computes. The mean and variance come from the config or, for an adapted layer, from its weights;
 * they are one value for all features (axis=None) or one per feature (axis=-1) of an input (batch, n).
 */
final class NormalizationTransform implements RawInputTransform {

    /** Keras's backend.epsilon(), the smallest standard deviation it divides by. */
    private static final double EPSILON = 1e-7;

    private final String where;
    private final int features;
    private final double[] mean;
    private final double[] scale;
    private final boolean invert;

    /**
     * @param name       the layer's name
     * @param config     its Keras config
     * @param inputShape the shape of the input it reads, batch first: [null] or [null, n]
     * @param weights    its adapted weights ("mean", "variance"), or null when its config holds them
     * @throws IllegalArgumentException naming the layer and what cannot be imported
     */
    NormalizationTransform(String name, Map<String, Object> config, List<Object> inputShape,
            Map<String, INDArray> weights) {
        this.where = "Normalization layer '" + name + "'";
        if (inputShape.size() > 2 || inputShape.size() == 2 && !(inputShape.get(1) instanceof Integer)) {
            throw new IllegalArgumentException(where + " reads an input of shape " + inputShape
                    + ": the importer supports shapes (batch,) and (batch, n)");
        }
        this.features = inputShape.size() == 2 ? (Integer) inputShape.get(1) : 1;
        boolean perFeature = perFeature(config.get("axis"), inputShape.size());
        this.invert = Boolean.TRUE.equals(config.get("invert"));
        double[] variance;
        if (config.get("mean") != null) {
            this.mean = values(config.get("mean"), perFeature, "mean");
            variance = values(config.get("variance"), perFeature, "variance");
        } else {
            if (weights == null || weights.get("mean") == null || weights.get("variance") == null) {
                throw new IllegalArgumentException(where + " has neither mean and variance in its config nor "
                        + "adapted weights in the file");
            }
            this.mean = values(weights.get("mean"), perFeature, "mean");
            variance = values(weights.get("variance"), perFeature, "variance");
        }
        this.scale = new double[variance.length];
        for (int i = 0; i < variance.length; i++) {
            scale[i] = Math.max(Math.sqrt(variance[i]), EPSILON);
        }
    }

    @Override
    public boolean readsNumbers() {
        return true;
    }

    @Override
    public INDArray apply(Object raw, String inputName) {
        INDArray x = (INDArray) raw;
        if (x.rank() == 1 && features == 1) {
            x = x.reshape(x.length(), 1);
        }
        if (x.rank() != 2 || x.columns() != features || x.rows() == 0) {
            throw new IllegalArgumentException("input '" + inputName + "' (read by " + where + ") should have shape (batch, "
                    + features + ")" + (features == 1 ? " or (batch,)" : "") + ", found " + Arrays.toString(x.shape()));
        }
        double[][] out = new double[(int) x.rows()][features];
        for (int b = 0; b < out.length; b++) {
            for (int i = 0; i < features; i++) {
                int k = mean.length == 1 ? 0 : i;
                double v = x.getDouble(b, i);
                out[b][i] = invert ? mean[k] + v * scale[k] : (v - mean[k]) / scale[k];
            }
        }
        return Nd4j.createFromArray(out).castTo(DataType.FLOAT);
    }

    /** Whether the statistics are per feature (axis -1 or 1 of a 2-D input) or one for all (axis None). */
    private boolean perFeature(Object axis, int rank) {
        List<Object> axes = axis == null ? List.of() : axis instanceof List ? list(axis, where + " axis") : List.of(axis);
        if (axes.isEmpty()) {
            return false;
        }
        if (axes.size() == 1 && rank == 2 && (Integer.valueOf(-1).equals(axes.get(0)) || Integer.valueOf(1).equals(axes.get(0)))) {
            return true;
        }
        throw new IllegalArgumentException(where + " has axis " + axis + " for an input of rank " + rank
                + ": the importer supports axis None, and -1 on an input (batch, n); Keras itself cannot keep the batch axis");
    }

    private double[] values(Object value, boolean perFeature, String what) {
        double[] flat;
        if (value instanceof INDArray) {
            flat = ((INDArray) value).castTo(DataType.DOUBLE).data().asDouble();
        } else if (value instanceof Number) {
            flat = new double[]{((Number) value).doubleValue()};
        } else {
            List<Double> numbers = new ArrayList<>();
            for (Object v : list(value, where + " " + what)) {
                if (!(v instanceof Number)) {
                    throw new IllegalArgumentException(where + " " + what + " should be a number or a list of numbers, found " + value);
                }
                numbers.add(((Number) v).doubleValue());
            }
            flat = numbers.stream().mapToDouble(Double::doubleValue).toArray();
        }
        int expected = perFeature ? features : 1;
        if (flat.length != expected && !(flat.length == 1 && perFeature)) {
            throw new IllegalArgumentException(where + " has " + flat.length + " " + what + " values for "
                    + expected + (perFeature ? " features" : " statistic over all features"));
        }
        return flat;
    }
}
