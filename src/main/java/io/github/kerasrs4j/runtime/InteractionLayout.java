package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where each output column of DotInteraction comes from in the F x F interaction matrix Z.
 *
 * <p>Keras reads the lower triangle of Z row by row: (1,0), (2,0), (2,1), (3,0), ... and, with
 * {@code self_interaction}, the diagonal too: (0,0), (1,0), (1,1), (2,0), ... Row {@code i} thus
 * contributes the contiguous run Z[i, 0 .. rowLength(i)).
 *
 * <p>A layout with no output (one feature, neither flag) is refused: Keras would return an empty
 * [batch, 0] tensor, which no DL4J layer can take.
 */
public final class InteractionLayout {

    private final int numFeatures;
    private final boolean selfInteraction;
    private final boolean skipGather;

    /**
     * @param numFeatures     F, the number of features
     * @param selfInteraction Keras {@code self_interaction}
     * @param skipGather      Keras {@code skip_gather}
     * @throws IllegalArgumentException when F &lt; 1 or the output would be empty
     */
    public InteractionLayout(int numFeatures, boolean selfInteraction, boolean skipGather) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException("DotInteraction needs at least 1 feature, got " + numFeatures);
        }
        if (outputSize(numFeatures, selfInteraction, skipGather) == 0) {
            throw new IllegalArgumentException("DotInteraction(self_interaction=false, skip_gather=false) over "
                    + numFeatures + " feature has no pairs, so its output would be empty: give it at least 2 "
                    + "features, or set selfInteraction or skipGather");
        }
        this.numFeatures = numFeatures;
        this.selfInteraction = selfInteraction;
        this.skipGather = skipGather;
    }

    /** Output width: F*F with skip_gather, else F(F+1)/2 with self_interaction, else F(F-1)/2 (Keras's k). */
    public static long outputSize(long numFeatures, boolean selfInteraction, boolean skipGather) {
        if (skipGather) {
            return numFeatures * numFeatures;
        }
        return selfInteraction ? numFeatures * (numFeatures + 1) / 2 : numFeatures * (numFeatures - 1) / 2;
    }

    /** F. */
    public int numFeatures() {
        return numFeatures;
    }

    /** Keras {@code self_interaction}. */
    public boolean selfInteraction() {
        return selfInteraction;
    }

    /** Keras {@code skip_gather}. */
    public boolean skipGather() {
        return skipGather;
    }

    /** k, the output width. */
    public int outputSize() {
        return (int) outputSize(numFeatures, selfInteraction, skipGather);
    }

    /** How many entries of row {@code i} of Z are kept: the columns left of the diagonal, plus it with self_interaction. */
    public int rowLength(int row) {
        return selfInteraction ? row + 1 : row;
    }

    /** Where row {@code i}'s run starts in the gathered output. */
    public int rowStart(int row) {
        return selfInteraction ? row * (row + 1) / 2 : row * (row - 1) / 2;
    }

    /** Where row {@code i}'s kept run starts in one sample's output: its gathered run, or row * F in skip_gather mode. */
    int outputRowStart(int row) {
        return skipGather ? row * numFeatures : rowStart(row);
    }

    /**
     * The [F*F, k] 0/1 matrix S with Z.reshape(batch, F*F) · S = the gathered output: column p of S
     * picks the p-th kept entry of Z read row by row.
     */
    public INDArray selectionMatrix(DataType dataType) {
        INDArray selection = Nd4j.zeros(dataType, (long) numFeatures * numFeatures, outputSize());
        for (int row = 0; row < numFeatures; row++) {
            for (int col = 0; col < rowLength(row); col++) {
                selection.putScalar((long) row * numFeatures + col, rowStart(row) + col, 1.0);
            }
        }
        return selection;
    }

    /** The F x F 0/1 matrix that keeps the lower triangle (with the diagonal under self_interaction). */
    public INDArray lowerTriangleMask(DataType dataType) {
        INDArray mask = Nd4j.zeros(dataType, numFeatures, numFeatures);
        for (int row = 0; row < numFeatures; row++) {
            for (int col = 0; col < rowLength(row); col++) {
                mask.putScalar(row, col, 1.0);
            }
        }
        return mask;
    }
}
