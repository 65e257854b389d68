package io.github.kerasrs4j.runtime;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * One sample's two matrix products, as GEMM calls on the OpenBLAS that ND4J's CPU backend loads,
 * for FLOAT or DOUBLE row-major matrices. X is F x D, read either as stored or, for NCW input, as
 * the transpose of a stored D x F matrix; {@code ldx} is the stored matrix's row stride, and dX is
 * laid out as X is.
 *
 * <p>Only GEMM: OpenBLAS 0.3.19 runs SYRK and SYMM on its thread pool whatever their size, and
 * calls from several threads then queue for that pool; a GEMM this small runs on the calling thread.
 */
abstract class HostBlas {

    static HostBlas of(DataType dataType) {
        return switch (dataType) {
            case FLOAT -> new SinglePrecision();
            case DOUBLE -> new DoublePrecision();
            default -> throw new IllegalArgumentException("BLAS kernels take FLOAT or DOUBLE, not " + dataType);
        };
    }

    /** Z = X·Xᵀ [F, F], leading dimension F. */
    void gram(int f, int d, Pointer x, int ldx, boolean transposed, Pointer z) {
        gemm(transposed ? CblasTrans : CblasNoTrans, transposed ? CblasNoTrans : CblasTrans, f, f, d, x, ldx, x, ldx, z, f);
    }

    /** dX = S·X for a symmetric S [F, F] of leading dimension F. */
    void symmetricTimes(int f, int d, Pointer s, Pointer x, int ldx, boolean transposed, Pointer dx) {
        if (transposed) {   // dXᵀ = Xᵀ·S, as S = Sᵀ
            gemm(CblasNoTrans, CblasNoTrans, d, f, f, x, ldx, s, f, dx, ldx);
        } else {
            gemm(CblasNoTrans, CblasNoTrans, f, d, f, s, f, x, ldx, dx, ldx);
        }
    }

    /** C = op(A)·op(B), row-major. */
    abstract void gemm(int transA, int transB, int m, int n, int k, Pointer a, int lda, Pointer b, int ldb, Pointer c, int ldc);

    private static final class SinglePrecision extends HostBlas {
        @Override
        void gemm(int transA, int transB, int m, int n, int k, Pointer a, int lda, Pointer b, int ldb, Pointer c, int ldc) {
            cblas_sgemm(CblasRowMajor, transA, transB, m, n, k, 1f, (FloatPointer) a, lda, (FloatPointer) b, ldb, 0f, (FloatPointer) c, ldc);
        }
    }

    private static final class DoublePrecision extends HostBlas {
        @Override
        void gemm(int transA, int transB, int m, int n, int k, Pointer a, int lda, Pointer b, int ldb, Pointer c, int ldc) {
            cblas_dgemm(CblasRowMajor, transA, transB, m, n, k, 1, (DoublePointer) a, lda, (DoublePointer) b, ldb, 0, (DoublePointer) c, ldc);
        }
    }
}
