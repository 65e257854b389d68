package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A private SameDiff holding {@link DotInteraction#defineStacked} for one F and data type, and its
 * exact backward. The upstream gradient enters as the placeholder {@code eps} through the loss
 * sum(out * eps), whose gradient with respect to X is exactly Jᵀ·eps: no external-errors op, so
 * none of the doubling that DL4J's stock SameDiff vertex runtime has.
 *
 * <p>X is a variable whose array is swapped in on every call, not a placeholder: SameDiff (M2.1)
 * only differentiates graphs that hold a trainable variable.
 */
final class DotInteractionGraph {

    private static final String INPUT = "stacked";
    private static final String UPSTREAM_GRADIENT = "eps";

    private final SameDiff sd = SameDiff.create();
    private final String outputName;
    private final int numFeatures;
    private final DataType dataType;

    DotInteractionGraph(DotInteraction config, int numFeatures, DataType dataType) {
        this.numFeatures = numFeatures;
        this.dataType = dataType;
        SDVariable stacked = sd.var(INPUT, dataType, 1, numFeatures, 1);
        SDVariable output = config.defineStacked(sd, stacked, numFeatures);
        SDVariable eps = sd.placeHolder(UPSTREAM_GRADIENT, dataType, -1, config.layout(numFeatures).outputSize());
        sd.setLossVariables(output.mul(eps).sum());
        outputName = output.name();
    }

    boolean fits(int numFeatures, DataType dataType) {
        return this.numFeatures == numFeatures && this.dataType == dataType;
    }

    /** The interaction [batch, k] of X [batch, F, D]; a new detached array. */
    INDArray output(INDArray stacked) {
        sd.associateArrayWithVariable(stacked, INPUT);
        return sd.outputSingle(Map.of(), outputName);
    }

    /** dL/dX [batch, F, D] for the upstream gradient dL/dout [batch, k]; a new detached array. */
    INDArray inputGradient(INDArray stacked, INDArray upstreamGradient) {
        sd.associateArrayWithVariable(stacked, INPUT);
        return sd.calculateGradients(Map.of(UPSTREAM_GRADIENT, upstreamGradient), INPUT).get(INPUT);
    }
}
