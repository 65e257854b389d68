package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernel in whole-batch ND4J ops, for any backend and data type: the computation of
 * {@code DotInteraction.defineStacked} written out as two batched matmuls and a few copies. The
 * runtime uses it where {@link BlasInteractionKernel} cannot run (a GPU backend; HALF, BFLOAT16).
 *
 * <p>Forward: X stacked, Z = X·Xᵀ, then the kept entries of Z copied as the contiguous runs they are,
 * one per row. Backward: G = the upstream gradient put back where its entries came from in Z, and
 * dX = (G + Gᵀ)·X.
 */
final class Nd4jInteractionKernel implements InteractionKernel {

    private final InteractionLayout layout;
    /** The lower-triangle mask flattened to [F*F], built once. */
    private final INDArray flatMask;
    private final ScratchArrays scratch;
    /** The arrays the last forward pass stacked, and the X it made, so that backward need not stack them again. */
    private INDArray[] stackedFrom;
    private INDArray lastStacked;

    Nd4jInteractionKernel(InteractionLayout layout, DataType dataType) {
        this.layout = layout;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.flatMask = layout.lowerTriangleMask(dataType).reshape(-1);
        }
        this.scratch = new ScratchArrays(dataType);
    }

    @Override
    public void forward(InteractionInputs inputs, INDArray output) {
        INDArray stacked = inputs.stacked(scratch);
        stackedFrom = inputs.arrays.clone();
        lastStacked = stacked;
        long batch = inputs.batch;
        int f = layout.numFeatures();
        if (layout.skipGather()) {
            Nd4j.matmul(stacked, stacked, output.reshape('c', batch, f, f), false, true, false);
            // Multiplying (not zeroing) matches Keras for NaN/Inf outside the triangle (docs/non-finite.md).
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

    @Override
    public void backward(InteractionInputs inputs, INDArray upstreamGradient, INDArray[] gradients) {
        INDArray stacked;
        if (sameArrays(inputs.arrays, stackedFrom)) {
            stacked = lastStacked;
        } else {
            // Stacking these inputs may overwrite the scratch that holds the last forward's X.
            stackedFrom = null;
            stacked = inputs.stacked(scratch);
        }
        INDArray symmetric = symmetricGradient(upstreamGradient);
        if (!inputs.separate() && !inputs.transposed()) {
            Nd4j.matmul(symmetric, stacked, gradients[0], false, false, false);
            return;
        }
        INDArray stackedGradient = scratch.get("inputGradient", stacked.shape());
        Nd4j.matmul(symmetric, stacked, stackedGradient, false, false, false);
        inputs.unstack(stackedGradient, gradients);
    }

    /**
     * S = G + Gᵀ [batch, F, F], where G is the upstream gradient [batch, k] put back in Z's place,
     * zero elsewhere (skip_gather: times the mask, as Keras's autodiff has it).
     */
    private INDArray symmetricGradient(INDArray upstreamGradient) {
        long batch = upstreamGradient.size(0);
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
        return symmetric;
    }

    /** Whether both hold the very same array objects (INDArray.equals compares values, within 1e-5). */
    private static boolean sameArrays(INDArray[] a, INDArray[] b) {
        if (b == null || a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}
