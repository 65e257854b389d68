package io.github.kerasrs4j.runtime;

import org.bytedeco.javacpp.Pointer;

/**
 * C = op(A)·op(B) on row-major matrices in host memory, op given by CBLAS's transpose flags; the pointers are
 * typed (FloatPointer or DoublePointer) and positioned at the first element.
 */
@FunctionalInterface
interface RowMajorGemm {

    void gemm(int transA, int transB, int m, int n, int k, Pointer a, int lda, Pointer b, int ldb, Pointer c, int ldc);
}
