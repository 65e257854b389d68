package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;

import java.nio.ByteBuffer;

/**
 * The arithmetic of {@link VectorInteractionKernel}, on Java float[] arrays (passed as Object, as the
 * scratch and block code around it keeps them): one sample's Gram
 * matrix, dX = S·X, and the few element-wise steps between them. The two products are SIMD loops
 * on the JDK's Vector API, register-blocked with eight independent accumulators (the Gram) or sixteen (dX),
 * enough to keep both FMA pipes of a core busy; each sample's X [F, D] is read in
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

    /** D below which {@link #interactions} works by columns of Z rather than by dot products of rows. */
    static final int MIN_ROWS_DIM = 32;

    /** How many elements of this type a vector holds. */
    abstract int lanes();

    /** Whether {@link #interactions} works by columns at this D, from a copy of Xᵀ. */
    static boolean byColumns(int d) {
        return d < MIN_ROWS_DIM;
    }

    /** The length {@link #interactions}' {@code columns} array needs: Xᵀ [D, F rounded up to two vectors]. */
    int columnsLength(int f, int d) {
        return byColumns(d) ? d * columnsWidth(f) : 0;
    }

    int columnsWidth(int f) {
        int pair = 2 * lanes();
        return (f + pair - 1) / pair * pair;
    }

    /**
     * One sample's output, from its X: Z = X·Xᵀ's kept entries, row i's run at {@code z[zo + layout.rowStart(i)]}
     * (gather), or Z [F, F] whole at {@code z[zo]} (skip_gather) with the entries outside the kept triangle Z's
     * value there times 0, as Keras's mask makes them (NaN and infinities become NaN, the rest zeros of their
     * sign). Each lower entry is computed once. Other elements may be written over (by columns: those between
     * the runs, and up to {@link #lanes()} - 1 past the last run, so {@code z} needs {@link #lanes()} more
     * elements), none before {@code z[zo]}. {@code columns} is working space of {@link #columnsLength}.
     */
    abstract void interactions(Object x, int xo, int ld, int d, Object columns, Object z, int zo,
                               InteractionLayout layout);

    /**
     * dX [F, D] = S·X for S [F, F] (row stride F), row i of dX written into the Java array {@code staged} from its
     * element {@code dxAt[i]} on, or where {@code staged} is null to {@code dx[i]} (native byte order) from byte
     * {@code dxAt[i]} on: straight into the input gradients' memory, as the rows are computed, which costs less
     * than staging dX and copying it out, where the Vector API can store into native memory.
     */
    abstract void times(Object s, Object x, int xo, int ld, int f, int d, ByteBuffer[] dx, Object staged, int[] dxAt);

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

    /** Row {@code row} of a block of rows, or the last row where the block runs past F (its work is repeated). */
    static int blockRow(int row, int f) {
        return Math.min(row, f - 1);
    }
}
