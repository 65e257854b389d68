package io.github.kerasrs4j.runtime;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each sample's X [F, D] and dX as BLAS operands (a pointer and a leading dimension), for one
 * thread's share of the samples, a block of samples at a time. Stacked input is read, and its
 * gradient written, in place. Separate inputs are copied into a block buffer laid out feature by
 * feature, [F][block][D], so that every sample's X is still a matrix with one row stride (about
 * block * D): an input of one feature, [batch, D], brings its rows for the whole block in one copy,
 * one of k features, [batch, k, D], a row at a time. Their gradients leave the same way. The buffers
 * are sized to stay in cache.
 */
final class SampleMatrices {

    /** Bytes a block buffer may take: well inside a core's L2 cache. */
    private static final long BLOCK_BYTES = 256 << 10;
    private static final int MAX_BLOCK = 64;
    private static final int CACHE_LINE_BYTES = 64;

    private final InteractionInputs inputs;
    private final int features;
    private final int dim;
    private final int block;
    /** The row stride of the block buffers: block * D plus a cache line, so that X's rows are never a power of two bytes apart. */
    private final int blockStride;
    private final HostArray[] sources;
    private final HostArray[] gradients;
    private final HostArray rows;
    private final HostArray gradientRows;
    private long blockStart;

    /**
     * @param gradients where the input gradients go, shaped as the inputs; null for a forward pass
     * @param scratch   this thread's working arrays
     */
    SampleMatrices(InteractionInputs inputs, INDArray[] gradients, ScratchArrays scratch) {
        this.inputs = inputs;
        this.features = inputs.numFeatures;
        this.dim = Math.toIntExact(inputs.dim);
        long sampleBytes = (long) features * dim * inputs.arrays[0].dataType().width();
        this.block = (int) Math.max(1, Math.min(MAX_BLOCK, BLOCK_BYTES / sampleBytes));
        // Rows a power of two bytes apart (4 KB at F = D = 64) share cache sets and evict each other.
        this.blockStride = block * dim + CACHE_LINE_BYTES / inputs.arrays[0].dataType().width();
        this.sources = hostArrays(inputs.arrays, scratch);
        this.gradients = gradients == null ? null : hostArrays(gradients, scratch);
        boolean separate = inputs.separate();
        this.rows = separate ? new HostArray(scratch.buffer("rows", (long) blockStride * features), scratch) : null;
        this.gradientRows = separate && gradients != null
                ? new HostArray(scratch.buffer("gradientRows", (long) blockStride * features), scratch) : null;
    }

    /** How many samples {@link #load} takes at once. */
    int blockSize() {
        return block;
    }

    /** Makes samples [from, from + count) available to {@link #x}; count is at most {@link #blockSize()}. */
    void load(long from, int count) {
        blockStart = from;
        if (rows != null) {
            copyRows(sources, rows, from, count, true);
        }
    }

    /** Whether X is stored transposed (NCW input), see {@link HostBlas}. */
    boolean transposed() {
        return inputs.transposed();
    }

    /** The row stride of every X and dX: D for NWC input, F for NCW, the block stride for separate inputs. */
    int leadingDimension() {
        return rows != null ? blockStride : transposed() ? features : dim;
    }

    /** Sample b's X, for b in the loaded block. */
    Pointer x(long sample) {
        return rows != null ? rows.at((sample - blockStart) * dim) : sources[0].at(sample * features * dim);
    }

    /** Where sample b's dX goes, for b in the loaded block; call {@link #store} once the block's are written. */
    Pointer gradient(long sample) {
        return gradientRows != null ? gradientRows.at((sample - blockStart) * dim)
                : gradients[0].at(sample * features * dim);
    }

    /** Hands the loaded block's dX to the separate inputs' gradients. */
    void store(long from, int count) {
        if (gradientRows != null) {
            copyRows(gradients, gradientRows, from, count, false);
        }
    }

    /** Copies samples [from, from + count) of the separate inputs' arrays into the block buffer, or back. */
    private void copyRows(HostArray[] arrays, HostArray buffer, long from, int count, boolean intoBuffer) {
        int feature = 0;
        for (int i = 0; i < arrays.length; i++) {
            int k = inputs.featureCounts[i];
            for (int j = 0; j < k; j++, feature++) {
                // One feature per array: the block's rows lie together, one copy; else one row at a time.
                int copies = k == 1 ? 1 : count;
                int length = k == 1 ? count * dim : dim;
                for (int s = 0; s < copies; s++) {
                    long arrayIndex = ((from + s) * k + j) * dim;
                    long bufferIndex = (long) feature * blockStride + (long) s * dim;
                    if (intoBuffer) {
                        arrays[i].copyTo(arrayIndex, buffer, bufferIndex, length);
                    } else {
                        buffer.copyTo(bufferIndex, arrays[i], arrayIndex, length);
                    }
                }
            }
        }
    }

    private static HostArray[] hostArrays(INDArray[] arrays, ScratchArrays scratch) {
        HostArray[] host = new HostArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            host[i] = new HostArray(arrays[i], scratch);
        }
        return host;
    }
}
