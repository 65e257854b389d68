package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.InteractionLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which entries of Z = X·Xᵀ the layer keeps, and the whole-batch steps both kernels take with
 * them: masking Z in skip_gather mode, and turning the upstream gradient into S = G + Gᵀ, where G
 * is that gradient put back in Z's place (zero elsewhere), so that dX = S·X. skip_gather multiplies
 * by the mask rather than zeroing, as Keras does, so that NaN, Inf and -0.0 outside the triangle
 * come out as Keras's (docs/non-finite.md).
 */
final class KeptEntries {

    private final InteractionLayout layout;
    /** The lower-triangle mask flattened to [F*F], built once. */
    private final INDArray flatMask;

    KeptEntries(InteractionLayout layout, DataType dataType) {
        this.layout = layout;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.flatMask = layout.lowerTriangleMask(dataType).reshape(-1);
        }
    }

    /** Multiplies every sample's Z, a row [F*F] of {@code pairwise} [batch, F*F], by the mask. */
    void maskInPlace(INDArray pairwise) {
        Nd4j.exec(new BroadcastMulOp(pairwise, flatMask, pairwise, 1));
    }

    /** S = G + Gᵀ [batch, F, F] in {@code scratch}, for the upstream gradient [batch, k]. */
    INDArray symmetricGradient(INDArray upstreamGradient, ScratchArrays scratch) {
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
}
