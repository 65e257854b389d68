package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;

/**
 * Each sample's X [F, D] in Java arrays, a block of samples at a time, for one thread's share of the
 * samples, and where each sample's dX goes: what {@link SampleMatrices} is to the BLAS kernel, for the
 * vector kernel. Separate inputs of one feature each are laid out feature by feature, [F][block][D], so
 * that each input's rows for the whole block arrive in one bulk copy; stacked NWC input is copied as it
 * lies, [block][F][D], and separate inputs some of which hold several features are copied into that
 * layout a sample's run of each input at a time; NCW input [block][D][F] is transposed sample by sample.
 * dX rows are written straight into the input gradients, except for NCW input, whose block of dX is
 * staged [block][F][D] and transposed on the way out. Where the Vector API cannot store into native memory (JDK 19
 * on, {@link VectorApi}), every block of dX is staged in a Java array laid out as X's and copied out. A block is sized
 * to stay in cache.
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
    /** Where row i of every sample's dX goes in native memory: this array's element rowFirst[i] + sample * rowStep[i]. */
    private final HostArray[] gradientRowArray;
    private final long[] rowFirst;
    private final long[] rowStep;
    private final ByteBuffer[] gradientRows;
    private final int[] gradientRowAt;
    private final Object x;
    /** NCW input's block of dX, [block][F][D], staged in native memory for transposing where vectors store there. */
    private final HostArray nativeStagedGradient;
    /**
     * The block's dX in a Java array, laid out as {@link #x}, to transpose (NCW input) or copy out: vectors store
     * into it where they cannot store into native memory, else NCW input's staged block is read into it; else null.
     */
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
        boolean stagedNatively = gradients != null && inputs.transposed() && VectorApi.BYTE_BUFFER_ACCESS;
        this.nativeStagedGradient = stagedNatively
                ? new HostArray(scratch.buffer("stagedGradient", length), scratch) : null;
        boolean staged = gradients != null && (inputs.transposed() || !VectorApi.BYTE_BUFFER_ACCESS);
        this.dx = staged ? scratch.javaArray("dx", length) : null;
        this.transposed = inputs.transposed() ? scratch.javaArray("ncw", length) : null;
        this.gradientRowArray = new HostArray[features];
        this.rowFirst = new long[features];
        this.rowStep = new long[features];
        this.gradientRows = new ByteBuffer[features];
        this.gradientRowAt = new int[features];
        if (gradients != null && VectorApi.BYTE_BUFFER_ACCESS) {
            locateGradientRows();
        }
    }

    /** Which array, first element and step per sample each row of dX has, as the inputs are laid out. */
    private void locateGradientRows() {
        int row = 0;
        for (int a = 0; a < gradients.length; a++) {
            int rows = inputs.separate() ? inputs.featureCounts[a] : features;
            for (int r = 0; r < rows; r++, row++) {
                gradientRowArray[row] = inputs.transposed() ? nativeStagedGradient : gradients[a];
                rowFirst[row] = (long) r * dim;
                rowStep[row] = (long) rows * dim;
                gradientRows[row] = gradientRowArray[row].nativeBytes();
            }
        }
    }

    /** How many samples {@link #load} takes at once. */
    int blockSize() {
        return block;
    }

    /** The loaded block's X. */
    Object x() {
        return x;
    }

    /**
     * Where each row of dX is written in native memory, row i into buffer i from the byte {@link #gradientRowsAt}
     * gives (native order), where vectors store there (JDK 16 to 18, {@link VectorApi}).
     */
    ByteBuffer[] gradientRows() {
        return gradientRows;
    }

    /**
     * The Java array dX's rows are written into from the element {@link #gradientRowsAt} gives, where vectors
     * cannot store into native memory (JDK 19 on); else null.
     */
    Object stagedGradient() {
        return VectorApi.BYTE_BUFFER_ACCESS ? null : dx;
    }

    /**
     * Where sample s of the block that starts at sample {@code from} writes its dX rows, a byte index in
     * {@link #gradientRows()} or an element index in {@link #stagedGradient()}: the array returned, valid until the
     * next call.
     */
    int[] gradientRowsAt(long from, int s) {
        long sample = inputs.transposed() ? s : from + s;
        for (int i = 0; i < features; i++) {
            gradientRowAt[i] = VectorApi.BYTE_BUFFER_ACCESS
                    ? gradientRowArray[i].byteIndex(rowFirst[i] + sample * rowStep[i]) : offset(s) + i * rowStride();
        }
        return gradientRowAt;
    }

    /** Where sample s of the block (0-based) starts in {@link #x()}. */
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
        if (!inputs.transposed()) {
            copyBlock(sources, x, from, count, true);
        } else {
            sources[0].read(from * sample, transposed, 0, count * sample);
            for (int s = 0; s < count; s++) {
                math.transpose(transposed, s * sample, dim, features, x, s * sample);
            }
        }
    }

    /**
     * Hands the block's dX on to the input gradients once every sample's rows are written where
     * {@link #gradientRowsAt} said: a staged block is copied out (NCW input's transposed); rows written straight are
     * there already.
     */
    void store(long from, int count) {
        if (dx == null) {
            return;
        }
        int sample = features * dim;
        if (!inputs.transposed()) {
            copyBlock(gradients, dx, from, count, false);
        } else {
            if (nativeStagedGradient != null) {
                nativeStagedGradient.read(0, dx, 0, count * sample);
            }
            for (int s = 0; s < count; s++) {
                math.transpose(dx, s * sample, features, dim, transposed, s * sample);
            }
            gradients[0].write(from * sample, transposed, 0, count * sample);
        }
    }

    /**
     * Copies samples [from, from + count) of arrays laid out as the inputs (not NCW) into {@code block}, laid out as
     * {@link #x()}, or back out of it: each separate input of one feature in one bulk copy, a stacked input in one,
     * separate inputs some of which hold several features a sample's run of each input at a time.
     */
    private void copyBlock(HostArray[] arrays, Object block, long from, int count, boolean in) {
        if (featureMajor) {
            for (int i = 0; i < features; i++) {
                copy(arrays[i], from * dim, block, i * this.block * dim, count * dim, in);
            }
        } else if (inputs.separate()) {
            int sample = features * dim;
            for (int s = 0; s < count; s++) {
                int at = s * sample;
                for (int i = 0; i < arrays.length; i++) {
                    int run = inputs.featureCounts[i] * dim;
                    copy(arrays[i], (from + s) * run, block, at, run, in);
                    at += run;
                }
            }
        } else {
            int sample = features * dim;
            copy(arrays[0], from * sample, block, 0, count * sample, in);
        }
    }

    private static void copy(HostArray array, long index, Object block, int offset, int length, boolean in) {
        if (in) {
            array.read(index, block, offset, length);
        } else {
            array.write(index, block, offset, length);
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
