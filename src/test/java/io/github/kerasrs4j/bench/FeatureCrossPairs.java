package io.github.kerasrs4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * {@link FeatureCrossBenchmark}'s vertex and floor, called in turn (vertex, floor, vertex, ...) on one
 * thread and timed call by call: the ratio of their median times, at every shape the benchmark has.
 * On a machine that other work shares, JMH's averages of whole one-second iterations swing with that
 * work; a vertex call and the floor call beside it see the same load, and medians drop the calls that
 * another process interrupted. A check beside the JMH benchmark, not a replacement.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp ... io.github.kerasrs4j.bench.FeatureCrossPairs [seconds per pair]}
 * (docs/performance.md).
 */
public final class FeatureCrossPairs {

    private static final int[][] SHAPES = {{512, 108}, {512, 0}, {2048, 108}, {2048, 0}};

    private FeatureCrossPairs() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        System.out.println("load average at start: " + loadAverage());
        System.out.println("| batch, d, p | forward | bareMatmul | forward / floor "
                + "| forwardBackward | bareMatmulBackward | forwardBackward / floor |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (int[] shape : SHAPES) {
            FeatureCrossBenchmark bench = new FeatureCrossBenchmark();
            bench.batch = shape[0];
            bench.dim = 432;
            bench.projectionDim = shape[1];
            bench.setUp();
            double[] forward = medians(bench, FeatureCrossBenchmark::forward, FeatureCrossBenchmark::bareMatmul, seconds);
            double[] backward = medians(bench, FeatureCrossBenchmark::forwardBackward,
                    FeatureCrossBenchmark::bareMatmulBackward, seconds);
            System.out.printf("| %d, %d, %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", shape[0], bench.dim,
                    shape[1] == 0 ? "full" : String.valueOf(shape[1]), forward[0], forward[1], forward[0] / forward[1],
                    backward[0], backward[1], backward[0] / backward[1]);
        }
        System.out.println("load average at end: " + loadAverage());
    }

    /**
     * The median milliseconds per call of {@code vertex} and of {@code floor}, called in turn for
     * {@code seconds} after as long a warm-up.
     */
    private static double[] medians(FeatureCrossBenchmark bench, ToDoubleFunction<FeatureCrossBenchmark> vertex,
                                    ToDoubleFunction<FeatureCrossBenchmark> floor, double seconds) {
        long[][] times = new long[2][1 << 16];
        int calls = 0;
        for (int phase = 0; phase < 2; phase++) {   // phase 0 warms up
            calls = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end && calls < times[0].length) {
                times[0][calls] = timed(bench, vertex);
                times[1][calls] = timed(bench, floor);
                calls++;
            }
        }
        double[] medians = new double[2];
        for (int i = 0; i < 2; i++) {
            long[] sorted = Arrays.copyOf(times[i], calls);
            Arrays.sort(sorted);
            medians[i] = sorted[calls / 2] / 1e6;
        }
        return medians;
    }

    private static long timed(FeatureCrossBenchmark bench, ToDoubleFunction<FeatureCrossBenchmark> call) {
        long start = System.nanoTime();
        call.applyAsDouble(bench);
        return System.nanoTime() - start;
    }

    private static String loadAverage() throws Exception {
        Path file = Path.of("/proc/loadavg");
        return Files.exists(file) ? Files.readString(file).trim() : "unknown (no /proc/loadavg)";
    }
}
