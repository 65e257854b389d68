package io.github.kerasrs4j.runtime;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.dnnl.global.dnnl;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.Arrays;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * FLOAT GEMM on oneDNN's {@code dnnl_sgemm} (row-major, as CBLAS's CblasRowMajor), on the calling thread alone
 * ({@link SplitGemm} spreads a product over threads). oneDNN runs on the OpenMP team of the calling thread, in the
 * libgomp it shares with ND4J: the thread's OpenMP thread count, which ND4J's own OpenMP loops read too, is set to
 * one for the call and set back after it. A team of two would spin at every product's barrier (libgomp's default
 * wait policy) while its second thread waits for a core on a busy machine.
 */
final class OneDnnSgemm implements RowMajorGemm {

    private final NativeOps openMp = openMp();

    @Override
    public void gemm(int transA, int transB, int m, int n, int k, Pointer a, int lda, Pointer b, int ldb, Pointer c,
                     int ldc) {
        int callerThreads = openMp.ompGetMaxThreads();
        if (callerThreads != 1) {
            openMp.setOmpNumThreads(1);
        }
        int status;
        try {
            status = dnnl_sgemm(op(transA), op(transB), m, n, k, 1f, (FloatPointer) a, lda, (FloatPointer) b, ldb, 0f,
                    (FloatPointer) c, ldc);
        } finally {
            if (callerThreads != 1) {
                openMp.setOmpNumThreads(callerThreads);
            }
        }
        if (status != dnnl_success) {
            throw new IllegalStateException(String.format("oneDNN's sgemm failed (dnnl_status_t %d) for op(A) %dx%d "
                    + "(lda %d), op(B) %dx%d (ldb %d), ldc %d", status, m, k, lda, k, n, ldb, ldc));
        }
    }

    private static NativeOps openMp() {
        Nd4j.factory();   // loads ND4J's backend, which NativeOpsHolder needs loaded
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }

    private static byte op(int cblasTranspose) {
        return (byte) (cblasTranspose == CblasTrans ? 'T' : 'N');
    }

    /**
     * Loads oneDNN's natives and checks one small product against its known result.
     *
     * @return null when oneDNN is ready, else why not
     */
    static Throwable load() {
        try {
            Loader.load(dnnl.class);
            float[] product = new float[4];
            try (FloatPointer a = new FloatPointer(1, 2, 3, 4); FloatPointer b = new FloatPointer(5, 6, 7, 8);
                 FloatPointer c = new FloatPointer(4)) {
                // [1 2; 3 4]·[5 6; 7 8]ᵀ, the transpose to check that oneDNN reads the flags as rows would
                new OneDnnSgemm().gemm(CblasNoTrans, CblasTrans, 2, 2, 2, a, 2, b, 2, c, 2);
                c.get(product);
            }
            float[] expected = {17, 23, 39, 53};
            return Arrays.equals(product, expected) ? null : new IllegalStateException("oneDNN's sgemm computed "
                    + Arrays.toString(product) + " for a 2x2 check that should give " + Arrays.toString(expected));
        } catch (LinkageError | RuntimeException e) {
            return e;
        }
    }
}
