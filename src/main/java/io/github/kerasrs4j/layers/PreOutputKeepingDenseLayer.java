package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's {@link DenseLayer} (same settings, parameters, updater and regularization) with a cheaper training step,
 * {@link PreOutputKeepingDenseRuntime}. ReLU and identity layers in FLOAT or DOUBLE run on a kernel of single BLAS
 * calls and one-pass element loops, which gives DL4J's numbers to float rounding; other settings run DL4J's code,
 * with DL4J's numbers bit for bit. Either way the training forward pass keeps its pre-activation for the backward
 * pass, where DL4J's multiplies x·W a second time. It pays off where dense layers are a large part of a training
 * step (a recommender's MLPs over a large batch), at the cost of one more activations-sized array per layer during
 * a step.
 *
 * <pre>{@code
 * graph.addLayer("dense", new PreOutputKeepingDenseLayer.Builder().nOut(192).activation(Activation.RELU).build(), "in");
 * }</pre>
 */
public class PreOutputKeepingDenseLayer extends DenseLayer {

    /** For JSON; use the {@link Builder}. */
    public PreOutputKeepingDenseLayer() {
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerWiring.wire(new PreOutputKeepingDenseRuntime(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializer().init(conf, layerParamsView, initializeParams));
    }

    /** Never equal to a plain DenseLayer of the same settings: the two make different runtimes. */
    @Override
    protected boolean canEqual(Object other) {
        return other instanceof PreOutputKeepingDenseLayer;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreOutputKeepingDenseLayer && super.equals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    /** DL4J's DenseLayer.Builder; {@link #build()} gives a PreOutputKeepingDenseLayer of the same settings. */
    public static class Builder extends DenseLayer.Builder {

        @Override
        @SuppressWarnings("unchecked")
        public PreOutputKeepingDenseLayer build() {
            return Dl4jConfigFields.copy(super.build(), new PreOutputKeepingDenseLayer(), DenseLayer.class);
        }
    }
}
