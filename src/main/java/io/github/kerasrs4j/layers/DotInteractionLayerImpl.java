package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.DotInteractionRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime of {@link DotInteractionLayer} in a MultiLayerNetwork: the same
 * {@link DotInteractionRuntime} as the vertex, over one stacked input. Masks are ignored, as in Keras.
 */
public class DotInteractionLayerImpl extends AbstractLayer<DotInteractionLayer> {

    private DotInteractionRuntime runtime;

    /** Made by {@link DotInteractionLayer#instantiate}; computes in {@code dataType}. */
    public DotInteractionLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private DotInteractionRuntime runtime() {
        if (runtime == null) {   // the layer's name and index are known only after construction
            DotInteractionLayer config = layerConf();
            runtime = new DotInteractionRuntime(config.isSelfInteraction(), config.isSkipGather(),
                    config.getStackedInputFormat(), dataType, "DotInteractionLayer (layer " + index + ", '"
                    + config.getLayerName() + "')");
        }
        return runtime;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return runtime().forward(new INDArray[]{input}, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        return new Pair<>(new DefaultGradient(), runtime().backward(new INDArray[]{input}, epsilon, workspaceMgr)[0]);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(null, currentMaskState);   // Keras's DotInteraction ignores masks; so do we
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no parameters, so no noise on them
    }

    @Override
    public Layer.Type type() {
        return Layer.Type.FEED_FORWARD;
    }
}
