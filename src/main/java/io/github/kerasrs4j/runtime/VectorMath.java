package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The arithmetic of {@link VectorInteractionKernel}, on Java float[] arrays (passed as Object, as the
 * scratch and block code around it keeps them): one sample's Gram
 * matrix, dX = S·X, and the few element-wise steps between them. The two products are SIMD loops
 * on the JDK's Vector API, register-blocked two rows by four columns (eight independent
 * accumulators, enough to keep both FMA pipes of a core busy); each sample's X [F, D] is read in
 * place from offset {@code xo} of a block array, row i at {@code xo + i * ld}.
 */
abstract class VectorMath {

    static VectorMath of(DataType dataType) {
        if (dataType != DataType.FLOAT) {
            // One type only: a DOUBLE copy of every loop would be a second copy of the kernel; DOUBLE runs on BLAS.
            throw new IllegalArgumentException("The vector kernel takes FLOAT, not " + dataType);
        }
        return new FloatVectorMath();
    }

    /** A Java array of this data type. */
    abstract Object newArray(int length);

    /**
     * The kept entries of Z = X·Xᵀ: Z[i, j] for j < rowLength[i] (at most i + 1), each computed
     * once, into {@code z[zo + rowOffset[i] + j]}; nothing else of {@code z} is written.
     */
    abstract void gram(Object x, int xo, int ld, int f, int d, Object z, int zo, int[] rowOffset, int[] rowLength);

    /** dX [F, D] = S·X for S [F, F] (row stride F), into {@code dx} from offset {@code dxo}, row stride {@code ld} as X's. */
    abstract void times(Object s, Object x, int xo, int ld, int f, int d, Object dx, int dxo);

    /**
     * For a Z [F, F] at offset {@code zo} whose lower triangle and diagonal are written: the entries
     * outside the kept triangle become Z's value there times 0 (upper ones the mirrored Z[j, i]), as
     * Keras's mask gives them: NaN and infinities become NaN, the rest zeros of their sign.
     */
    abstract void maskOutsideTriangle(Object z, int zo, int f, boolean selfInteraction);


    /**
     * S = G + Gᵀ [F, F] for G, one sample's upstream gradient (from offset {@code uo}; kept entry
     * (i, j) at {@code uo + rowOffset[i] + j}) put back in Z's place, zero elsewhere, or in
     * skip_gather mode the gradient times the mask, as Keras's autodiff has it. Written out per
     * case with the sums G + Gᵀ makes (a kept entry plus a masked one, u + 0 or u + v·0, or an
     * entry plus itself), so that -0.0 and NaN come out as Keras's.
     */
    abstract void symmetricGradient(Object upstream, int uo, int f, int[] rowOffset, boolean skipGather,
                                    boolean selfInteraction, Object s);

    /** dst[c, r] = src[so + r * cols + c] for a rows x cols matrix. */
    abstract void transpose(Object src, int so, int rows, int cols, Object dst, int dOff);

    /** Row index pairs (i, i + 1) of the register block, the last one repeated when F is odd. */
    static int secondRow(int row, int f) {
        return Math.min(row + 1, f - 1);
    }
}
