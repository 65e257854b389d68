package io.github.kerasrs4j.bench;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.testing.TestGraphs;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a miniature DLRM (dense + embeddings -> DotInteraction -> dense -> sigmoid) for many
 * iterations and measures memory after a warm-up, at checkpoints and at the end, each time after
 * garbage collection: heap in use, the resident set ({@link Pointer#physicalBytes()}) and the
 * off-heap bytes JavaCPP tracks ({@link Pointer#totalBytes()}, printed only: ND4J 1.0.0-M2.1's CPU
 * buffers are allocated natively and do not show there). The resident set includes the heap, so the
 * JVM must run with a fixed, pre-touched heap (-Xms = -Xmx, -XX:+AlwaysPreTouch) for its growth to
 * be native growth. Minibatches vary in size (a short last batch every epoch), so the vertex's reused
 * working memory serves two batch sizes throughout. Every iteration's loss must be finite.
 *
 * <p>DotInteractionLongTrainingTest runs 10,000 iterations in a JVM of its own; to run it by hand:
 * <pre>mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     io.github.kerasrs4j.bench.LongTrainingRun 10000 2000</pre>
 * It prints the measurements and exits with status 1 when a bound in {@link #violations()} is
 * exceeded, or on a non-finite loss.
 */
public final class LongTrainingRun {

    /** Bounds on growth from the warm-up to the end: above the measured noise, below a leak of one small array per iteration over thousands. */
    public static final long MAX_HEAP_GROWTH = 16L << 20;
    public static final long MAX_RESIDENT_GROWTH = 64L << 20;
    private static final int CHECKPOINT_EVERY = 1000;

    private static final int CATEGORICAL = 3;
    private static final int VOCAB = 20;
    private static final int DIM = 4;
    private static final int BATCH = 16;
    private static final int SHORT_BATCH = 5;
    private static final int BATCHES_PER_EPOCH = 8;

    public final int iterations;
    public final MemorySnapshot afterWarmUp;
    public final MemorySnapshot atEnd;
    public final ComputationGraph graph;
    public final MultiDataSet[] epoch;

    private LongTrainingRun(int iterations, MemorySnapshot afterWarmUp, MemorySnapshot atEnd, ComputationGraph graph,
                            MultiDataSet[] epoch) {
        this.iterations = iterations;
        this.afterWarmUp = afterWarmUp;
        this.atEnd = atEnd;
        this.graph = graph;
        this.epoch = epoch;
    }

    /**
     * Trains for {@code iterations} minibatches, measuring after the first {@code warmUp}.
     *
     * @throws IllegalStateException on the first non-finite loss, naming the iteration
     */
    public static LongTrainingRun run(int iterations, int warmUp) {
        Nd4j.getRandom().setSeed(5);
        ComputationGraph graph = TestGraphs.dlrmLike(new DotInteraction(false, false), CATEGORICAL, VOCAB, DIM,
                DataType.FLOAT, new Adam(1e-2), 5);
        MultiDataSet[] epoch = epoch(new SplittableRandom(5));
        train(graph, epoch, 0, warmUp);
        MemorySnapshot start = MemorySnapshot.take();
        for (int done = warmUp; done < iterations; ) {
            int next = Math.min(iterations, (done / CHECKPOINT_EVERY + 1) * CHECKPOINT_EVERY);
            train(graph, epoch, done, next);
            done = next;
            if (done < iterations) {
                System.out.println("  after " + done + ": " + MemorySnapshot.take());
            }
        }
        return new LongTrainingRun(iterations, start, MemorySnapshot.take(), graph, epoch);
    }

    /** The bounds this run exceeded; empty when memory stayed flat. */
    public List<String> violations() {
        List<String> exceeded = new ArrayList<>();
        check(exceeded, "heap in use", atEnd.heapUsed() - afterWarmUp.heapUsed(), MAX_HEAP_GROWTH);
        check(exceeded, "resident memory", atEnd.resident() - afterWarmUp.resident(), MAX_RESIDENT_GROWTH);
        if (!finite(graph.params())) {
            exceeded.add("the parameters hold NaN or Inf");
        }
        for (MultiDataSet batch : epoch) {
            if (!finite(graph.output(batch.getFeatures())[0])) {
                exceeded.add("the output on finite inputs holds NaN or Inf");
                break;
            }
        }
        return exceeded;
    }

    private static boolean finite(INDArray array) {
        return !array.isNaN().any() && !array.isInfinite().any();
    }

    private static void check(List<String> exceeded, String what, long growth, long bound) {
        if (growth >= bound) {
            exceeded.add(what + " grew by " + MemorySnapshot.mb(growth) + " MB, bound " + MemorySnapshot.mb(bound) + " MB");
        }
    }

    @Override
    public String toString() {
        return iterations + " iterations\n  after warm-up: " + afterWarmUp + "\n  at the end:    " + atEnd
                + "\n  final loss " + graph.score();
    }

    private static void train(ComputationGraph graph, MultiDataSet[] epoch, int from, int to) {
        for (int i = from; i < to; i++) {
            graph.fit(epoch[i % epoch.length]);
            double loss = graph.score();
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("iteration " + i + " gave loss " + loss);
            }
        }
    }

    /**
     * One epoch of minibatches, the last one short. The label depends on the interaction of two
     * embedded ids and on a dense feature, so there is something to learn.
     */
    private static MultiDataSet[] epoch(SplittableRandom random) {
        MultiDataSet[] batches = new MultiDataSet[BATCHES_PER_EPOCH];
        for (int b = 0; b < BATCHES_PER_EPOCH; b++) {
            int rows = b == BATCHES_PER_EPOCH - 1 ? SHORT_BATCH : BATCH;
            float[][] dense = new float[rows][TestGraphs.DENSE_IN];
            float[][][] ids = new float[CATEGORICAL][rows][1];
            float[][] labels = new float[rows][1];
            for (int r = 0; r < rows; r++) {
                for (int d = 0; d < TestGraphs.DENSE_IN; d++) {
                    dense[r][d] = (float) (2 * random.nextDouble() - 1);
                }
                for (int c = 0; c < CATEGORICAL; c++) {
                    ids[c][r][0] = random.nextInt(VOCAB);
                }
                labels[r][0] = ((int) ids[0][r][0] % 3 == (int) ids[1][r][0] % 3) ^ (dense[r][0] > 0.5f) ? 1 : 0;
            }
            INDArray[] features = new INDArray[CATEGORICAL + 1];
            features[0] = Nd4j.create(dense);
            for (int c = 0; c < CATEGORICAL; c++) {
                features[c + 1] = Nd4j.create(ids[c]);
            }
            batches[b] = new org.nd4j.linalg.dataset.MultiDataSet(features, new INDArray[]{Nd4j.create(labels)});
        }
        return batches;
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        long started = System.nanoTime();
        LongTrainingRun run = run(iterations, warmUp);
        System.out.println(run + "\n  took " + (System.nanoTime() - started) / 1_000_000_000 + " s");
        List<String> violations = run.violations();
        violations.forEach(v -> System.out.println("EXCEEDED: " + v));
        System.exit(violations.isEmpty() ? 0 : 1);
    }

    /** Memory in use after garbage collection. */
    public record MemorySnapshot(long heapUsed, long heapCommitted, long trackedOffHeap, long resident) {

        /**
         * The heap in use is the least of several readings, each after a collection: one reading also
         * counts whatever other threads (ND4J's deallocator among them) allocated since, which moved
         * single readings by tens of MB without any trend; what stays in every reading is retained.
         * Readings go on until three in a row lower the least by under 1 MB, so that a deallocator
         * starved of CPU on a loaded machine gets the time it needs (at most 40 readings).
         */
        static MemorySnapshot take() {
            Runtime runtime = Runtime.getRuntime();
            long heapUsed = Long.MAX_VALUE;
            int readingsWithoutProgress = 0;
            for (int i = 0; i < 40 && readingsWithoutProgress < 3; i++) {
                System.gc();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                long reading = runtime.totalMemory() - runtime.freeMemory();
                readingsWithoutProgress = reading < heapUsed - (1L << 20) ? 0 : readingsWithoutProgress + 1;
                heapUsed = Math.min(heapUsed, reading);
            }
            return new MemorySnapshot(heapUsed, runtime.totalMemory(), Pointer.totalBytes(), Pointer.physicalBytes());
        }

        @Override
        public String toString() {
            return String.format("heap used %s MB (committed %s MB), resident %s MB, JavaCPP-tracked off-heap %s MB",
                    mb(heapUsed), mb(heapCommitted), mb(resident), mb(trackedOffHeap));
        }

        static String mb(long bytes) {
            return String.format("%.1f", bytes / (1024.0 * 1024.0));
        }
    }
}
