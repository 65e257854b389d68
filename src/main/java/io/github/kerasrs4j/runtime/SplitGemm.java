package io.github.kerasrs4j.runtime;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;

/**
 * A GEMM on several Java threads, each running a one-thread GEMM on its own block of C's rows (or of its columns
 * when C is wider than tall): no block adds into another's, so nothing is reduced. The blocks are fixed by the
 * shapes and the thread count alone, whichever thread takes one, so results are the same run to run.
 *
 * <p>The calling thread takes blocks too, from the same counter as the helpers, and waits (parked, not spinning)
 * only for blocks a helper has started. On a busy machine, where a helper may not get a core for a while, the
 * caller simply does more blocks itself; it waits only for a helper preempted in the middle of a block, where an
 * OpenMP team's threads would spin at every product's barrier.
 */
final class SplitGemm implements RowMajorGemm {

    /** Blocks per thread: spare blocks let the caller take over from a helper that starts late. */
    private static final int BLOCKS_PER_THREAD = 2;
    /** Fewest multiply-adds in a block: below about this, handing a block to a helper costs more than it saves. */
    private static final long MIN_BLOCK_WORK = 1L << 21;
    /** Block edges on multiples of this many rows or columns, whole SIMD vectors of floats. */
    private static final int ALIGN = 16;

    private static final ThreadPoolExecutor HELPERS = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread helper = new Thread(task, "kerasrs4j-gemm");
                helper.setDaemon(true);
                return helper;
            });

    private final RowMajorGemm block;
    private final IntSupplier threads;

    /**
     * @param block   a GEMM that runs on the calling thread alone
     * @param threads how many threads a product may use, read at each call
     */
    SplitGemm(RowMajorGemm block, IntSupplier threads) {
        this.block = block;
        this.threads = threads;
    }

    @Override
    public void gemm(int transA, int transB, int m, int n, int k, Pointer a, int lda, Pointer b, int ldb, Pointer c,
                     int ldc) {
        boolean byRows = m >= n;
        int length = byRows ? m : n;
        long work = (long) m * n * k;
        int threadCount = threads.getAsInt();
        int blocks = (int) Math.min(Math.min((long) threadCount * BLOCKS_PER_THREAD, work / MIN_BLOCK_WORK),
                length / ALIGN);
        int helpers = Math.min(threadCount, blocks) - 1;
        if (helpers < 1) {
            block.gemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
            return;
        }
        Job job = new Job(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, byRows, blocks);
        for (int h = 0; h < helpers; h++) {
            pool(helpers).execute(job::takeBlocks);
        }
        job.takeBlocks();
        job.awaitAll();
    }

    /** The helper threads, at least {@code count} of them. */
    private static ExecutorService pool(int count) {
        if (HELPERS.getMaximumPoolSize() < count) {
            synchronized (HELPERS) {
                if (HELPERS.getMaximumPoolSize() < count) {
                    HELPERS.setMaximumPoolSize(count);
                    HELPERS.setCorePoolSize(count);
                }
            }
        }
        return HELPERS;
    }

    /** One product's blocks, taken in turn by whichever threads come for them. */
    private final class Job {
        private final int transA, transB, m, n, k, lda, ldb, ldc;
        private final Pointer a, b, c;
        private final boolean byRows;
        private final int blocks;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        Job(int transA, int transB, int m, int n, int k, Pointer a, int lda, Pointer b, int ldb, Pointer c, int ldc,
            boolean byRows, int blocks) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.lda = lda;
            this.b = b;
            this.ldb = ldb;
            this.c = c;
            this.ldc = ldc;
            this.byRows = byRows;
            this.blocks = blocks;
            done = new CountDownLatch(blocks);
        }

        void takeBlocks() {
            for (int i = next.getAndIncrement(); i < blocks; i = next.getAndIncrement()) {
                try {
                    run(i);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        }

        /** Block i: rows (or columns) [from, to) of C, edges on multiples of ALIGN, the last block to the end. */
        private void run(int i) {
            int length = byRows ? m : n;
            int step = (length / blocks) / ALIGN * ALIGN;
            int from = i * step;
            int to = i == blocks - 1 ? length : from + step;
            if (byRows) {
                // Row r of op(A) starts at r·lda when A is stored as op(A), at column r when stored transposed
                long aOffset = transA == CblasNoTrans ? (long) from * lda : from;
                block.gemm(transA, transB, to - from, n, k, offset(a, aOffset), lda, b, ldb,
                        offset(c, (long) from * ldc), ldc);
            } else {
                long bOffset = transB == CblasNoTrans ? from : (long) from * ldb;
                block.gemm(transA, transB, m, to - from, k, a, lda, offset(b, bOffset), ldb, offset(c, from), ldc);
            }
        }

        void awaitAll() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;   // the helpers still write into C: wait for them, then pass it on
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
        }
    }

    /** A new pointer of the same type {@code elements} past {@code pointer}'s position. */
    private static Pointer offset(Pointer pointer, long elements) {
        Pointer moved = pointer instanceof DoublePointer ? new DoublePointer(pointer) : new FloatPointer(pointer);
        return moved.position(pointer.position() + elements);
    }
}
