package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The arithmetic of {@link VectorInteractionKernel} for one data type, on Java arrays (float[] or
 * double[], passed as Object so that the kernel around it is written once): one sample's Gram
 * matrix, dX = S·X, and the few element-wise steps between them. The two products are SIMD loops
 * on the JDK's Vector API, register-blocked two rows by four columns (eight independent
 * accumulators, enough to keep both FMA pipes of a core busy); each sample's X [F, D] is read in
 * place from offset {@code xo} of a block array, row i at {@code xo + i * ld}.
 */
abstract class VectorMath {

    static VectorMath of(DataType dataType) {
        return switch (dataType) {
            case FLOAT -> new FloatVectorMath();
            case DOUBLE -> new DoubleVectorMath();
            default -> throw new IllegalArgumentException("The vector kernel takes FLOAT or DOUBLE, not " + dataType);
        };
    }

    /** A Java array of this data type. */
    abstract Object newArray(int length);

    /**
     * Z = X·Xᵀ [F, F] into {@code z} from offset {@code zo}: the lower triangle and diagonal
     * computed, each once, and mirrored into the upper triangle.
     */
    abstract void gram(Object x, int xo, int ld, int f, int d, Object z, int zo);

    /** dX [F, D] = S·X for S [F, F] (row stride F), into {@code dx} from offset {@code dxo}, row stride {@code ld} as X's. */
    abstract void times(Object s, Object x, int xo, int ld, int f, int d, Object dx, int dxo);

    /** a[from, to) *= 0: NaN and infinities stay NaN, the rest become zeros of their sign, as Keras's mask gives. */
    abstract void timesZero(Object a, int from, int to);

    /** S = G + Gᵀ for G [F, F]. */
    abstract void plusTranspose(Object g, int f, Object s);

    /** dst[c, r] = src[so + r * cols + c] for a rows x cols matrix. */
    abstract void transpose(Object src, int so, int rows, int cols, Object dst, int dOff);

    /** Row index pairs (i, i + 1) of the register block, the last one repeated when F is odd. */
    static int secondRow(int row, int f) {
        return Math.min(row + 1, f - 1);
    }
}
