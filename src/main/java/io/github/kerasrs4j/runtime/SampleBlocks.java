package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each sample's X [F, D] and dX in Java arrays, a block of samples at a time, for one thread's
 * share of the samples: what {@link SampleMatrices} is to the BLAS kernel, for the vector kernel.
 * Separate inputs of one feature each are laid out feature by feature, [F][block][D], so that each
 * input's rows for the whole block arrive in one bulk copy; stacked NWC input is copied as it lies,
 * [block][F][D], and separate inputs some of which hold several features are copied into that layout a
 * sample's run of each input at a time; NCW input [block][D][F] is transposed sample by sample. Gradients leave the same way. A block is
 * sized to stay in cache.
 */
final class SampleBlocks {

    /** Bytes a block of X may take: well inside a core's L2 cache, beside dX. */
    private static final long BLOCK_BYTES = 192 << 10;
    private static final int MAX_BLOCK = 64;

    private final InteractionInputs inputs;
    private final VectorMath math;
    private final int features;
    private final int dim;
    private final int block;
    /** Whether X is laid out [F][block][D] (separate inputs, one feature each) rather than [block][F][D]. */
    private final boolean featureMajor;
    private final HostArray[] sources;
    private final HostArray[] gradients;
    private final Object x;
    private final Object dx;
    /** NCW samples on their way in or out, as stored. */
    private final Object transposed;

    /**
     * @param gradients where the input gradients go, shaped as the inputs; null for a forward pass
     * @param scratch   this thread's working arrays
     */
    SampleBlocks(InteractionInputs inputs, INDArray[] gradients, VectorMath math, ScratchArrays scratch) {
        this.inputs = inputs;
        this.math = math;
        this.features = inputs.numFeatures;
        this.dim = Math.toIntExact(inputs.dim);
        long sampleBytes = (long) features * dim * inputs.arrays[0].dataType().width();
        this.block = (int) Math.max(1, Math.min(MAX_BLOCK, BLOCK_BYTES / sampleBytes));
        this.featureMajor = inputs.oneFeaturePerArray();
        this.sources = hostArrays(inputs.arrays, scratch);
        this.gradients = gradients == null ? null : hostArrays(gradients, scratch);
        int length = block * features * dim;
        this.x = scratch.javaArray("x", length);
        this.dx = gradients == null ? null : scratch.javaArray("dx", length);
        this.transposed = inputs.transposed() ? scratch.javaArray("ncw", length) : null;
    }

    /** How many samples {@link #load} takes at once. */
    int blockSize() {
        return block;
    }

    /** The loaded block's X, and the array {@link #store} takes dX from. */
    Object x() {
        return x;
    }

    Object dx() {
        return dx;
    }

    /** Where sample s of the block (0-based) starts in {@link #x()} and {@link #dx()}. */
    int offset(int s) {
        return featureMajor ? s * dim : s * features * dim;
    }

    /** The row stride of every X and dX in the block. */
    int rowStride() {
        return featureMajor ? block * dim : dim;
    }

    /** Copies samples [from, from + count) into {@link #x()}; count is at most {@link #blockSize()}. */
    void load(long from, int count) {
        int sample = features * dim;
        if (featureMajor) {
            for (int i = 0; i < features; i++) {
                sources[i].read(from * dim, x, i * block * dim, count * dim);
            }
        } else if (inputs.separate()) {
            for (int s = 0; s < count; s++) {
                int at = s * sample;
                for (int i = 0; i < sources.length; i++) {
                    int run = inputs.featureCounts[i] * dim;
                    sources[i].read((from + s) * run, x, at, run);
                    at += run;
                }
            }
        } else if (!inputs.transposed()) {
            sources[0].read(from * sample, x, 0, count * sample);
        } else {
            sources[0].read(from * sample, transposed, 0, count * sample);
            for (int s = 0; s < count; s++) {
                math.transpose(transposed, s * sample, dim, features, x, s * sample);
            }
        }
    }

    /** Hands the block's dX, written into {@link #dx()}, to the input gradients. */
    void store(long from, int count) {
        int sample = features * dim;
        if (featureMajor) {
            for (int i = 0; i < features; i++) {
                gradients[i].write(from * dim, dx, i * block * dim, count * dim);
            }
        } else if (inputs.separate()) {
            for (int s = 0; s < count; s++) {
                int at = s * sample;
                for (int i = 0; i < gradients.length; i++) {
                    int run = inputs.featureCounts[i] * dim;
                    gradients[i].write((from + s) * run, dx, at, run);
                    at += run;
                }
            }
        } else if (!inputs.transposed()) {
            gradients[0].write(from * sample, dx, 0, count * sample);
        } else {
            for (int s = 0; s < count; s++) {
                math.transpose(dx, s * sample, features, dim, transposed, s * sample);
            }
            gradients[0].write(from * sample, transposed, 0, count * sample);
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
