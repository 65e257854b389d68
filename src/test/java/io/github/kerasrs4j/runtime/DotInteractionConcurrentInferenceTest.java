package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.testing.TestGraphs;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelInference;
import org.deeplearning4j.parallelism.inference.InferenceMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSetUtil;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A graph holding DotInteraction served from several threads at once gives, bit for bit, the outputs
 * it gives single-threaded: through DL4J's ParallelInference in SEQUENTIAL mode (each worker runs its own
 * copy of the graph), and from threads calling output() on their own clones. The vertex keeps working memory per
 * instance, so this is what shows that copies never share it. A deadlock fails on the timeout.
 */
class DotInteractionConcurrentInferenceTest {

    private static final int THREADS = 4;
    private static final int REQUESTS_PER_THREAD = 1000;
    /** Distinct requests, answered single-threaded first; the threads replay them in different orders. */
    private static final int DISTINCT_REQUESTS = 48;
    private static final int FEATURES = 4;
    private static final int DIM = 8;
    private static final int VOCAB = 11;
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @Test
    void parallelInferenceSequentialMatchesSingleThreaded() {
        ComputationGraph graph = denseGraph();
        servedBy(graph, sequentialParallelInference(graph), denseRequests());
    }

    /**
     * What ParallelInference's BATCHED mode does, without its threads: requests merged into one batch, the
     * way it merges them, answer every row as they do alone. BATCHED itself is not served here: in DL4J
     * 1.0.0-M2.1 a request that joins a batch already queued registers for its answer only after a worker may
     * have taken the batch, so now and then it waits forever (docs/troubleshooting.md).
     */
    @Test
    void mergedRequestsMatchSingleRequests() {
        ComputationGraph graph = stackedGraph();
        IntFunction<INDArray[]> newRequest = stackedRequests();
        Nd4j.getRandom().setSeed(42);
        SplittableRandom random = new SplittableRandom(42);
        for (int merge = 0; merge < DISTINCT_REQUESTS; merge++) {
            INDArray[][] requests = new INDArray[random.nextInt(2, 9)][];
            for (int r = 0; r < requests.length; r++) {
                requests[r] = newRequest.apply(random.nextInt(1, 9));
            }
            INDArray merged = graph.output(DataSetUtil.mergeFeatures(requests, null).getFirst())[0];
            long row = 0;
            for (int r = 0; r < requests.length; r++) {
                long rows = requests[r][0].size(0);
                assertSameBits(graph.output(requests[r])[0],
                        merged.get(NDArrayIndex.interval(row, row + rows), NDArrayIndex.all()),
                        "merge " + merge + ", request " + r + " of " + requests.length);
                row += rows;
            }
        }
    }

    @Test
    void clonePerThreadMatchesSingleThreaded() {
        ComputationGraph graph = denseGraph();
        servedBy(graph, clonePerThread(graph), denseRequests());
    }

    @Test
    void stackedClonePerThreadMatchesSingleThreaded() {
        ComputationGraph graph = stackedGraph();
        servedBy(graph, clonePerThread(graph), stackedRequests());
    }

    /** How the threads are answered. */
    private interface Server extends AutoCloseable {
        INDArray[] output(int thread, INDArray[] request);

        @Override
        void close();
    }

    private static Server sequentialParallelInference(ComputationGraph graph) {
        ParallelInference inference = new ParallelInference.Builder(graph).inferenceMode(InferenceMode.SEQUENTIAL).workers(THREADS)
                .batchLimit(32).queueLimit(64).build();
        return new Server() {
            @Override
            public INDArray[] output(int thread, INDArray[] request) {
                return inference.output(request);
            }

            @Override
            public void close() {
                inference.shutdown();
            }
        };
    }

    private static Server clonePerThread(ComputationGraph graph) {
        List<ComputationGraph> clones = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            clones.add(graph.clone());
        }
        return new Server() {
            @Override
            public INDArray[] output(int thread, INDArray[] request) {
                return clones.get(thread).output(request);
            }

            @Override
            public void close() {
            }
        };
    }

    private static ComputationGraph denseGraph() {
        return TestGraphs.denseFeatures(new DotInteraction(false, false), FEATURES, DIM, DataType.FLOAT,
                new Sgd(0.1), 7);
    }

    private static ComputationGraph stackedGraph() {
        return TestGraphs.stackedFeatures(DotInteraction.builder().selfInteraction(true).build(), FEATURES, VOCAB, DIM,
                RNNFormat.NWC, DataType.FLOAT, new Sgd(0.1), 7);
    }

    /** F dense inputs [rows, 3]. */
    private static IntFunction<INDArray[]> denseRequests() {
        return rows -> {
            INDArray[] request = new INDArray[FEATURES];
            for (int i = 0; i < FEATURES; i++) {
                request[i] = Nd4j.randn(DataType.FLOAT, rows, TestGraphs.DENSE_IN);
            }
            return request;
        };
    }

    /** One id input [rows, F]. */
    private static IntFunction<INDArray[]> stackedRequests() {
        return rows -> new INDArray[]{Transforms.floor(Nd4j.rand(DataType.FLOAT, rows, FEATURES).muli(VOCAB), false)};
    }

    private static void servedBy(ComputationGraph graph, Server server, IntFunction<INDArray[]> newRequest) {
        Nd4j.getRandom().setSeed(42);
        SplittableRandom random = new SplittableRandom(42);
        INDArray[][] requests = new INDArray[DISTINCT_REQUESTS][];
        INDArray[] expected = new INDArray[DISTINCT_REQUESTS];
        for (int r = 0; r < DISTINCT_REQUESTS; r++) {
            requests[r] = newRequest.apply(random.nextInt(1, 9));
            expected[r] = graph.output(requests[r])[0].dup();
        }
        AtomicInteger answered = new AtomicInteger();
        try (server) {
            assertTimeoutPreemptively(DEADLINE, () -> {
                ExecutorService threads = Executors.newFixedThreadPool(THREADS);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        int thread = t;
                        done.add(threads.submit(() -> {
                            for (int n = 0; n < REQUESTS_PER_THREAD; n++) {
                                // Each thread walks the requests with its own stride, so neighbours differ.
                                int r = (n * (2 * thread + 1) + thread) % DISTINCT_REQUESTS;
                                INDArray[] actual = server.output(thread, requests[r]);
                                assertSameBits(expected[r], actual[0], "thread " + thread + ", request " + n
                                        + " (#" + r + ")");
                                answered.incrementAndGet();
                            }
                            return null;
                        }));
                    }
                    for (Future<?> future : done) {
                        future.get();   // rethrows a thread's assertion failure or exception
                    }
                } finally {
                    threads.shutdownNow();
                    assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS), "request threads did not stop");
                }
            }, "requests did not finish: deadlock or starvation");
        }
        assertEquals(THREADS * REQUESTS_PER_THREAD, answered.get());
    }

    private static void assertSameBits(INDArray expected, INDArray actual, String what) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            fail(what + ": shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape()));
        }
        float[] want = expected.dup('c').data().asFloat();
        float[] got = actual.dup('c').data().asFloat();
        if (!Arrays.equals(want, got)) {
            fail(what + ": " + Arrays.toString(got) + " differs from single-threaded " + Arrays.toString(want));
        }
    }
}
