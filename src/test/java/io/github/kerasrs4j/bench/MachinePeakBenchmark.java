package io.github.kerasrs4j.bench;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * The machine's measured limits, to read DotInteractionBenchmark's figures against: fp32 GEMM
 * throughput (one large sgemm, by ND4J's OpenBLAS and by oneDNN, each on its own threads: on CPUs
 * with AVX-512 oneDNN's kernels come much nearer the cores' peak than OpenBLAS 0.3.19's) and memory
 * bandwidth (a native copy of a buffer far larger than the caches, halves copied by two threads).
 * {@link BenchmarkReport} turns the times into GFLOP/s and GB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MachinePeakBenchmark {

    /** The sgemm's M = N = K. */
    static final int GEMM_SIZE = 2048;
    /** Bytes copied per call: eight times the L3 cache, so the copy streams from memory. */
    static final long COPY_BYTES = 256L << 20;

    private FloatPointer a;
    private FloatPointer b;
    private FloatPointer c;
    private FloatPointer from;
    private FloatPointer to;
    private int threads;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.create(1);   // loads ND4J's native libraries, and the OpenBLAS it brings, as the other benchmark does
        long elements = (long) GEMM_SIZE * GEMM_SIZE;
        a = new FloatPointer(elements);
        b = new FloatPointer(elements);
        c = new FloatPointer(elements);
        for (long i = 0; i < elements; i++) {
            a.put(i, (float) Math.sin(i));
            b.put(i, (float) Math.cos(i));
        }
        from = new FloatPointer(COPY_BYTES / Float.BYTES);
        to = new FloatPointer(COPY_BYTES / Float.BYTES);
        from.fill(1);
        to.fill(0);   // touches every page before the first timed copy
        threads = Nd4j.getEnvironment().maxThreads();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Pointer pointer : new Pointer[]{a, b, c, from, to}) {
            pointer.deallocate();
        }
    }

    /** C = A·B, 2 * 2048^3 floating-point operations. */
    @Benchmark
    public float sgemm() {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, GEMM_SIZE, GEMM_SIZE, GEMM_SIZE, 1f, a, GEMM_SIZE,
                b, GEMM_SIZE, 0f, c, GEMM_SIZE);
        return c.get(0);
    }

    /** The same product by oneDNN's sgemm (row-major, as the OpenBLAS call above). */
    @Benchmark
    public float dnnlSgemm() {
        int status = dnnl_sgemm((byte) 'N', (byte) 'N', GEMM_SIZE, GEMM_SIZE, GEMM_SIZE, 1f, a, GEMM_SIZE, b, GEMM_SIZE,
                0f, c, GEMM_SIZE);
        if (status != dnnl_success) {
            throw new IllegalStateException("dnnl_sgemm failed with status " + status);
        }
        return c.get(0);
    }

    /** Copies 256 MiB, each thread its share, as the kernel's threads read their samples. */
    @Benchmark
    public Pointer memoryCopy() {
        IntStream.range(0, threads).parallel().forEach(part -> {
            long start = COPY_BYTES * part / threads;
            long end = COPY_BYTES * (part + 1) / threads;
            Pointer.memcpy(new BytePointer(to).position(start), new BytePointer(from).position(start), end - start);
        });
        return to;
    }
}
