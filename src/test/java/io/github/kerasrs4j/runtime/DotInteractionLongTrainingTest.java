package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.bench.LongTrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A miniature DLRM trains for 10,000 iterations with memory flat, every loss finite and finite
 * parameters and outputs at the end ({@link LongTrainingRun}, whose bounds apply; memory is measured
 * from iteration 2,000 on). It runs in a JVM of its own with a fixed, pre-touched heap, so that
 * resident-memory growth is native growth. About 35 s on an idle 2-core machine;
 * {@code -Dkerasrs4j.longrun.iterations=N} runs another number.
 */
class DotInteractionLongTrainingTest {

    private static final int ITERATIONS = Integer.getInteger("kerasrs4j.longrun.iterations", 10_000);
    /** Resident memory settles (JIT, allocator arenas) over the first ~2,000 iterations: +48 MB measured, flat after. */
    private static final int WARM_UP = ITERATIONS / 5;

    @TempDir
    Path dir;

    @Test
    void trainingKeepsMemoryFlatAndLossFinite() throws Exception {
        Path output = dir.resolve("long-run.txt");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms384m", "-Xmx384m", "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"),
                LongTrainingRun.class.getName(), String.valueOf(ITERATIONS), String.valueOf(WARM_UP))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = run.waitFor(30, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(output).stream().filter(line -> !line.contains(" WARN ")).toList();
        System.out.println("DotInteractionLongTrainingTest:\n" + String.join("\n", lines));
        assertTrue(finished, "the training run did not finish");
        assertEquals(0, run.exitValue(), "the training run failed:\n" + String.join("\n", lines));
    }
}
