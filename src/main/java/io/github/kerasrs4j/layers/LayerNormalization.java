package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Keras's {@code LayerNormalization(axis=-1)} over [batch, D]: each row is shifted to mean 0 and
 * scaled to variance 1, {@code (x - mean) / sqrt(var + epsilon)}, then multiplied by the trainable
 * {@code gamma} and shifted by the trainable {@code beta} (parameters "gamma" and "beta", [1, D];
 * either can be left out, as Keras's {@code scale=False} and {@code center=False} do). nIn = nOut = D.
 *
 * <pre>{@code
 * graph.addLayer("query_norm", new LayerNormalization.Builder().nIn(8).nOut(8).epsilon(1e-3).build(), "query");
 * }</pre>
 */
public class LayerNormalization extends FeedForwardLayer {

    private double epsilon = 1e-3;
    private boolean scale = true;
    private boolean center = true;

    /** For JSON and Keras import; use the Builder. */
    public LayerNormalization() {
    }

    private LayerNormalization(Builder builder) {
        super(builder);
        this.epsilon = builder.epsilon;
        this.scale = builder.scale;
        this.center = builder.center;
        initializeConstraints(builder);
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    public boolean isScale() {
        return scale;
    }

    public void setScale(boolean scale) {
        this.scale = scale;
    }

    public boolean isCenter() {
        return center;
    }

    public void setCenter(boolean center) {
        this.center = center;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new LayerNormalizationImpl(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializer().init(conf, layerParamsView, initializeParams));
    }

    @Override
    public ParamInitializer initializer() {
        return LayerNormalizationParams.INSTANCE;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        if (nOut <= 0 || override) {
            nOut = nIn;
        }
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, LayerNormalization.class, inputType, inputType)
                .standardMemory(params, params).workingMemory(0, 2 * nIn, 0, 3 * nIn).cacheMemory(0, 0).build();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerNormalization clone() {
        return (LayerNormalization) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LayerNormalization) || !super.equals(o)) {
            return false;
        }
        LayerNormalization other = (LayerNormalization) o;
        return Double.compare(epsilon, other.epsilon) == 0 && scale == other.scale && center == other.center;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), epsilon, scale, center);
    }

    /** Builds a {@link LayerNormalization}; Keras's defaults: epsilon 1e-3, scale and center on. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private double epsilon = 1e-3;
        private boolean scale = true;
        private boolean center = true;

        /** Keras's {@code epsilon}, added to the variance. */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Keras's {@code scale}: whether the trainable gamma multiplies the normalized rows. */
        public Builder scale(boolean scale) {
            this.scale = scale;
            return this;
        }

        /** Keras's {@code center}: whether the trainable beta is added. */
        public Builder center(boolean center) {
            this.center = center;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public LayerNormalization build() {
            if (nOut <= 0 && nIn > 0) {
                nOut = nIn;
            }
            if (nIn > 0 && nOut != nIn) {
                throw new IllegalStateException("LayerNormalization keeps its input's size: nIn " + nIn + " != nOut " + nOut);
            }
            return new LayerNormalization(this);
        }
    }
}
