package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The runtime of {@link LayerNormalization}, with its exact backward pass: for x̂ = (x - μ) r,
 * r = (σ² + ε)^-½ and g = ε_out γ, dx = r (g - mean(g) - x̂ mean(g x̂)); dγ = Σ_b ε_out x̂; dβ = Σ_b ε_out.
 */
public class LayerNormalizationImpl extends BaseLayer<LayerNormalization> {

    public LayerNormalizationImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray normalized = normalized(input, inverseDeviations(input));
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, scaledAndShifted(normalized));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray r = inverseDeviations(input);
        INDArray normalized = normalized(input, r);
        Gradient gradient = new DefaultGradient();
        INDArray gamma = params.get(LayerNormalizationParams.GAMMA);
        if (gamma != null) {
            INDArray view = gradientViews.get(LayerNormalizationParams.GAMMA);
            view.assign(epsilon.mul(normalized).sum(true, 0));
            gradient.gradientForVariable().put(LayerNormalizationParams.GAMMA, view);
        }
        INDArray beta = params.get(LayerNormalizationParams.BETA);
        if (beta != null) {
            INDArray view = gradientViews.get(LayerNormalizationParams.BETA);
            view.assign(epsilon.sum(true, 0));
            gradient.gradientForVariable().put(LayerNormalizationParams.BETA, view);
        }
        INDArray g = gamma == null ? epsilon.dup() : epsilon.mulRowVector(gamma);
        INDArray centered = g.subColumnVector(g.mean(true, 1));
        INDArray along = normalized.mulColumnVector(g.mul(normalized).mean(true, 1));
        INDArray inputGradient = centered.subi(along).muliColumnVector(r);
        return new Pair<>(gradient, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, inputGradient));
    }

    /** (σ²_b + ε)^-½ per row, [batch, 1]. */
    private INDArray inverseDeviations(INDArray x) {
        if (x.rank() != 2 || x.size(1) != layerConf().getNIn()) {
            throw new IllegalStateException("LayerNormalization layer '" + layerConf().getLayerName() + "' takes [batch, "
                    + layerConf().getNIn() + "], got " + Arrays.toString(x.shape()));
        }
        INDArray centered = x.subColumnVector(x.mean(true, 1));
        INDArray variance = centered.mul(centered).mean(true, 1);
        return Transforms.pow(variance.addi(layerConf().getEpsilon()), -0.5, false);
    }

    private static INDArray normalized(INDArray x, INDArray inverseDeviations) {
        return x.subColumnVector(x.mean(true, 1)).muliColumnVector(inverseDeviations);
    }

    private INDArray scaledAndShifted(INDArray normalized) {
        INDArray gamma = params.get(LayerNormalizationParams.GAMMA);
        INDArray beta = params.get(LayerNormalizationParams.BETA);
        INDArray out = gamma == null ? normalized : normalized.muliRowVector(gamma);
        return beta == null ? out : out.addiRowVector(beta);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return false;
    }
}
