package io.github.kerasrs4j.runtime;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A product split into blocks of C's rows or columns writes every element of C once, from the right rows and
 * columns of the operands, for each transpose and with leading dimensions wider than the matrices: with a plain
 * loop as the block GEMM, the split product equals the unsplit one exactly. oneDNN's split products equal its
 * unsplit ones to float rounding, and the same split twice gives the same bits.
 */
class SplitGemmTest {

    /** A plain triple loop, summing over k in order: a block gives exactly what the whole product gives there. */
    private static final RowMajorGemm LOOP = (transA, transB, m, n, k, a, lda, b, ldb, c, ldc) -> {
        FloatPointer fa = (FloatPointer) a, fb = (FloatPointer) b, fc = (FloatPointer) c;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    float x = fa.get(transA == CblasNoTrans ? (long) i * lda + p : (long) p * lda + i);
                    float y = fb.get(transB == CblasNoTrans ? (long) p * ldb + j : (long) j * ldb + p);
                    sum += x * y;
                }
                fc.put((long) i * ldc + j, sum);
            }
        }
    };

    @ParameterizedTest(name = "[{0} x {2}]·[{2} x {1}], transA {3}, transB {4}, {5} threads")
    @CsvSource({
            "1000, 64, 300, false, false, 2", "1000, 64, 300, true, false, 2", "1000, 64, 300, false, true, 3",
            "1000, 64, 300, true, true, 2", "40, 900, 200, false, false, 2", "40, 900, 200, true, true, 2",
            "40, 900, 200, false, true, 3", "5, 7, 3, false, false, 2", "1000, 64, 300, false, false, 1"})
    void blocksCoverTheProductExactly(int m, int n, int k, boolean transA, boolean transB, int threads) {
        Operands operands = new Operands(m, n, k, transA, transB);
        float[] whole = operands.product(LOOP);
        float[] split = operands.product(new SplitGemm(LOOP, () -> threads));
        assertArrayEquals(whole, split);
    }

    @Test
    void oneDnnSplitAgreesWithOneDnnWholeAndRepeatsItself() {
        assertNull(OneDnnSgemm.load(), "oneDNN loads here");
        Operands operands = new Operands(8192, 192, 192, true, false);
        float[] whole = operands.product(new OneDnnSgemm());
        SplitGemm split = new SplitGemm(new OneDnnSgemm(), () -> 2);
        float[] first = operands.product(split);
        for (int i = 0; i < whole.length; i++) {
            assertEquals(whole[i], first[i], 1e-5 * 192, "element " + i);
        }
        assertArrayEquals(first, operands.product(split));
    }

    @Test
    void aBlocksFailureReachesTheCallerAfterEveryBlockEnded() {
        Set<Long> ended = ConcurrentHashMap.newKeySet();
        IllegalStateException failure = new IllegalStateException("block failed");
        RowMajorGemm failing = (transA, transB, m, n, k, a, lda, b, ldb, c, ldc) -> {
            ended.add(c.position());
            if (c.position() > 0) {   // every block but the first
                throw failure;
            }
        };
        Operands operands = new Operands(4096, 64, 64, false, false);
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> operands.product(new SplitGemm(failing, () -> 2)));
        assertSame(failure, thrown);
        assertEquals(4, ended.size());
    }

    /** Random operands stored as op(A), op(B) or their transposes, each row 3 elements wider than it needs. */
    private static final class Operands {
        private static final int PAD = 3;
        final int m, n, k, transA, transB, lda, ldb, ldc;
        final float[] a, b;

        Operands(int m, int n, int k, boolean transposeA, boolean transposeB) {
            this.m = m;
            this.n = n;
            this.k = k;
            transA = transposeA ? CblasTrans : CblasNoTrans;
            transB = transposeB ? CblasTrans : CblasNoTrans;
            lda = (transposeA ? m : k) + PAD;
            ldb = (transposeB ? k : n) + PAD;
            ldc = n + PAD;
            Random random = new Random(m * 31L + n);
            a = random(random, (long) (transposeA ? k : m) * lda);
            b = random(random, (long) (transposeB ? n : k) * ldb);
        }

        float[] product(RowMajorGemm gemm) {
            try (FloatPointer pa = new FloatPointer(a); FloatPointer pb = new FloatPointer(b);
                 FloatPointer pc = new FloatPointer((long) m * ldc)) {
                gemm.gemm(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc);
                float[] c = new float[m * ldc];
                pc.get(c);
                for (int i = 0; i < m; i++) {   // the padding is not C's: leave it out
                    Arrays.fill(c, i * ldc + n, (i + 1) * ldc, 0);
                }
                return c;
            }
        }

        private static float[] random(Random random, long length) {
            float[] values = new float[Math.toIntExact(length)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextFloat() - 0.5f;
            }
            return values;
        }
    }
}
