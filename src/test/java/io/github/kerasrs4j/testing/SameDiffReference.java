package io.github.kerasrs4j.testing;

import io.github.kerasrs4j.layers.DotInteraction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The reference the runtime is held to: {@link DotInteraction#defineStacked}'s SameDiff graph and
 * SameDiff's own autodiff. The upstream gradient enters as the placeholder {@code eps} through the
 * loss sum(out * eps), whose gradient with respect to X is exactly Jᵀ·eps.
 *
 * <p>X is a variable whose array is swapped in on every call, not a placeholder: SameDiff (M2.1)
 * only differentiates graphs that hold a trainable variable.
 */
public final class SameDiffReference {

    private static final String INPUT = "stacked";
    private static final String UPSTREAM_GRADIENT = "eps";

    private final SameDiff sd = SameDiff.create();
    private final String outputName;

    public SameDiffReference(DotInteraction config, int numFeatures, DataType dataType) {
        SDVariable stacked = sd.var(INPUT, dataType, 1, numFeatures, 1);
        SDVariable output = config.defineStacked(sd, stacked, numFeatures);
        SDVariable eps = sd.placeHolder(UPSTREAM_GRADIENT, dataType, -1, config.layout(numFeatures).outputSize());
        sd.setLossVariables(output.mul(eps).sum());
        outputName = output.name();
    }

    /** The interaction [batch, k] of X [batch, F, D]. */
    public INDArray output(INDArray stacked) {
        sd.associateArrayWithVariable(stacked, INPUT);
        return sd.outputSingle(Map.of(), outputName);
    }

    /** dL/dX [batch, F, D] for the upstream gradient dL/dout [batch, k]. */
    public INDArray inputGradient(INDArray stacked, INDArray upstreamGradient) {
        sd.associateArrayWithVariable(stacked, INPUT);
        return sd.calculateGradients(Map.of(UPSTREAM_GRADIENT, upstreamGradient), INPUT).get(INPUT);
    }
}
