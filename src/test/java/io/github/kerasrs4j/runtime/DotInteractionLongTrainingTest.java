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
 * A miniature DLRM trains with memory flat, every loss finite and finite parameters and outputs at
 * the end ({@link LongTrainingRun}, whose bounds apply). It runs in a JVM of its own with a fixed,
 * pre-touched heap, so that resident-memory growth is native growth. The suite runs 600 iterations
 * (measured from 200 on; 1,000 took 285 s with the machine's 2 cores shared by several builds):
 * DL4J's embedding ops make 10,000 take far longer;
 * LongTrainingRun's main runs those, and {@code -Dkerasrs4j.longrun.iterations=10000} makes this test
 * run them too.
 */
class DotInteractionLongTrainingTest {

    private static final int ITERATIONS = Integer.getInteger("kerasrs4j.longrun.iterations", 600);
    private static final int WARM_UP = Math.min(500, ITERATIONS / 3);

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
