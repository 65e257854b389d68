package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads F features laid side by side, [batch, F*D] ({@code InputType.feedForward(F*D)}), as the stacked
 * [batch, F, D] that {@link DotInteraction} takes ({@code InputType.recurrent(D, F, NWC)}), without copying:
 * for a DLRM, a MergeVertex of the bottom MLP's output and an {@link EmbeddingCollection}'s concatenated
 * embeddings, then this in a {@code PreprocessorVertex}, give DotInteraction all F features in one array.
 */
public class StackFeatures implements InputPreProcessor {

    private int numFeatures;

    /** For JSON. */
    public StackFeatures() {
    }

    public StackFeatures(int numFeatures) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException("StackFeatures needs at least one feature, got " + numFeatures);
        }
        this.numFeatures = numFeatures;
    }

    public int getNumFeatures() {
        return numFeatures;
    }

    public void setNumFeatures(int numFeatures) {
        this.numFeatures = numFeatures;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 2 || input.size(1) % numFeatures != 0) {
            throw new IllegalArgumentException("StackFeatures(" + numFeatures + ") needs [batch, F*D] with F = "
                    + numFeatures + ", got shape " + java.util.Arrays.toString(input.shape()));
        }
        INDArray c = input.ordering() == 'c' && !input.isView() ? input : input.dup('c');
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS,
                c.reshape('c', input.size(0), numFeatures, input.size(1) / numFeatures));
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray c = output.ordering() == 'c' && !output.isView() ? output : output.dup('c');
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD,
                c.reshape('c', output.size(0), output.size(1) * output.size(2)));
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (inputType.getType() != InputType.Type.FF
                || ((InputType.InputTypeFeedForward) inputType).getSize() % numFeatures != 0) {
            throw new IllegalArgumentException("StackFeatures(" + numFeatures + ") needs InputType.feedForward(F*D) "
                    + "with F = " + numFeatures + ", got " + inputType);
        }
        long dim = ((InputType.InputTypeFeedForward) inputType).getSize() / numFeatures;
        return InputType.recurrent(dim, numFeatures, RNNFormat.NWC);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public StackFeatures clone() {
        return new StackFeatures(numFeatures);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackFeatures && ((StackFeatures) o).numFeatures == numFeatures;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(numFeatures);
    }

    @Override
    public String toString() {
        return "StackFeatures(" + numFeatures + ")";
    }
}
