package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.layers.InteractionLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DotInteraction's forward and exact backward on X [batch, F, D] in a handful of ND4J ops: the
 * computation of {@link DotInteraction#defineStacked}, written out so that the runtime pays for two
 * batched matmuls and a few copies, not for SameDiff's per-call graph execution or the selection
 * matmul that the definition needs for autodiff. Tests prove both give the same numbers.
 *
 * <p>Forward: Z = X·Xᵀ, then the kept entries of Z, copied as the contiguous runs they are, one
 * per row.
 * Backward: G = the upstream gradient put back where its entries came from in Z, and
 * dX = (G + Gᵀ)·X.
 */
final class DotInteractionKernel {

    private final InteractionLayout layout;
    private final DataType dataType;
    /** The lower-triangle mask flattened to [F*F], built once. */
    private final INDArray flatMask;
    private final ScratchArrays scratch;

    DotInteractionKernel(InteractionLayout layout, DataType dataType) {
        this.layout = layout;
        this.dataType = dataType;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.flatMask = layout.lowerTriangleMask(dataType).reshape(-1);
        }
        this.scratch = new ScratchArrays(dataType);
    }

    boolean fits(int numFeatures, DataType dataType) {
        return layout.numFeatures() == numFeatures && this.dataType == dataType;
    }

    int outputSize() {
        return layout.outputSize();
    }

    ScratchArrays scratch() {
        return scratch;
    }

    /** Writes the interactions of X [batch, F, D] into {@code output} [batch, k]. */
    void forward(INDArray stacked, INDArray output) {
        long batch = stacked.size(0);
        int f = layout.numFeatures();
        if (layout.skipGather()) {
            Nd4j.matmul(stacked, stacked, output.reshape('c', batch, f, f), false, true, false);
            // Multiplying (not zeroing) matches Keras for NaN/Inf outside the triangle.
            Nd4j.exec(new BroadcastMulOp(output, flatMask, output, 1));
            return;
        }
        INDArray pairwise = scratch.get("pairwise", batch, f, f);
        Nd4j.matmul(stacked, stacked, pairwise, false, true, false);
        long k = layout.outputSize();
        for (int row = 0; row < f; row++) {
            RunCopy.copyRuns(pairwise, (long) row * f, (long) f * f, output, layout.rowStart(row), k,
                    layout.rowLength(row), batch);
        }
    }

    /** Writes dL/dX [batch, F, D] into {@code inputGradient}, given X and dL/dOutput [batch, k]. */
    void backward(INDArray stacked, INDArray upstreamGradient, INDArray inputGradient) {
        long batch = stacked.size(0);
        int f = layout.numFeatures();
        INDArray scattered = scratch.get("scattered", batch, f, f);
        if (layout.skipGather()) {
            Nd4j.exec(new BroadcastMulOp(upstreamGradient, flatMask, scattered.reshape('c', batch, (long) f * f), 1));
        } else {
            scattered.assign(0);
            INDArray upstream = RunCopy.contiguous(upstreamGradient);
            long k = layout.outputSize();
            for (int row = 0; row < f; row++) {
                RunCopy.copyRuns(upstream, layout.rowStart(row), k, scattered, (long) row * f, (long) f * f,
                        layout.rowLength(row), batch);
            }
        }
        INDArray symmetric = scratch.get("symmetric", batch, f, f);
        Nd4j.exec(new AddOp(scattered, scattered.permute(0, 2, 1), symmetric));
        Nd4j.matmul(symmetric, stacked, inputGradient, false, false, false);
    }
}
