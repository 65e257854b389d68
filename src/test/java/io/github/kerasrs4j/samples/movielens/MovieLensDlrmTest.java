package io.github.kerasrs4j.samples.movielens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample end to end on small files in MovieLens's formats, written here (the real data may not be shipped). */
class MovieLensDlrmTest {

    private static final Pattern FINAL_LINE = Pattern.compile(
            "(?m)^movielens: test RMSE (\\d+\\.\\d{4}), median epoch (\\d+\\.\\d{3}) s, (\\d+) parameters$");

    @TempDir
    Path dir;

    @Test
    void trainsOnASplitOfUDataAndPrintsEpochsAndTheFinalLine() {
        new SyntheticMovieLens(60, 120, 5).write(dir, 3000);
        StringBuilder log = new StringBuilder();
        MovieLensDlrm.Result result = run(log, "--data", dir.toString(), "--epochs", "2", "--batch", "256");

        String printed = log.toString();
        assertTrue(printed.contains("2,400 training ratings, 600 test ratings"), printed);
        assertTrue(Pattern.compile("(?m)^epoch 1/2 .* train RMSE \\d").matcher(printed).find(), printed);
        assertTrue(Pattern.compile("(?m)^epoch 2/2 .* train RMSE \\d").matcher(printed).find(), printed);
        Matcher last = FINAL_LINE.matcher(printed);
        assertTrue(last.find(), printed);
        assertEquals(result.graph().numParams(), Long.parseLong(last.group(3)));
        assertEquals(result.training().testRmse(), Double.parseDouble(last.group(1)), 1e-4);

        double[] trainRmse = result.training().trainRmse();
        assertTrue(trainRmse[1] < trainRmse[0], "training lowers the error: " + printed);
        // Untrained, the model predicts about 0 for ratings of 1 to 5; trained, it must do far better
        assertTrue(result.training().testRmse() < 2.0, printed);
        assertEquals(result.training().testRmse(),
                MovieLensTrainer.rmse(result.graph(), result.data().test().batches(100)), 1e-5,
                "the test RMSE does not depend on how the test ratings are batched");
    }

    @Test
    void trainsOnGivenSplitFiles() throws IOException {
        new SyntheticMovieLens(40, 80, 6).write(dir, 1000);
        List<String> lines = Files.readAllLines(dir.resolve("u.data"));
        Path train = Files.write(dir.resolve("u1.base"), lines.subList(0, 800));
        Path test = Files.write(dir.resolve("u1.test"), lines.subList(800, 1000));
        StringBuilder log = new StringBuilder();
        run(log, "--train", train.toString(), "--test", test.toString(), "--epochs", "1", "--batch", "128");
        assertTrue(log.toString().contains("800 training ratings, 200 test ratings"), log.toString());
        assertTrue(FINAL_LINE.matcher(log).find(), log.toString());
    }

    @Test
    void aMalformedLineStopsTheRunBeforeTrainingAndIsNamed() throws IOException {
        new SyntheticMovieLens(10, 10, 7).write(dir, 50);
        Path data = dir.resolve("u.data");
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        lines.set(6, "3\t4\tfive\t881250949");
        Files.write(data, lines);
        StringBuilder log = new StringBuilder();
        MovieLensFormatException e = assertThrows(MovieLensFormatException.class,
                () -> run(log, "--data", dir.toString(), "--epochs", "1"));
        assertEquals(data + ":7: rating must be a number, got 'five'", e.getMessage());
        assertFalse(Pattern.compile("(?m)^epoch ").matcher(log).find(), log.toString());
    }

    @Test
    void aMissingUsersFileIsNamed() {
        new SyntheticMovieLens(10, 10, 7).write(dir, 50);
        Path other = dir.resolve("elsewhere");
        MovieLensFormatException e = assertThrows(MovieLensFormatException.class,
                () -> run(new StringBuilder(), "--data", other.toString()));
        assertEquals(other.resolve("u.user") + ": no such file", e.getMessage());
    }

    private static MovieLensDlrm.Result run(StringBuilder log, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            return new MovieLensDlrm(MovieLensOptions.parse(args), new PrintStream(out, true, StandardCharsets.UTF_8))
                    .run();
        } finally {
            log.append(out.toString(StandardCharsets.UTF_8));
        }
    }
}
