package io.github.kerasrs4j.samples.movielens;

import io.github.kerasrs4j.samples.dlrm.UsageException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovieLensOptionsTest {

    @Test
    void theDefaultsAreTheKerasIoExamples() {
        MovieLensOptions options = MovieLensOptions.parse("--data", "ml-100k");
        assertEquals(Path.of("ml-100k"), options.dataDir());
        assertTrue(options.splitsUData());
        assertEquals(Path.of("ml-100k", "u.user"), options.usersFile());
        assertEquals(25, options.epochs());
        assertEquals(8192, options.batchSize());
        assertEquals(8, options.embeddingDim());
        assertEquals(1e-2, options.learningRate());
        assertEquals(0.004, options.weightDecay());
        assertEquals(1, options.threads());
        assertEquals(Runtime.getRuntime().availableProcessors(), options.blasThreads());
    }

    @Test
    void aSplitReadsUsersBesideItsTrainingFileUnlessADirectoryIsGiven() {
        MovieLensOptions options = MovieLensOptions.parse("--train", "/d/ml-100k/u1.base", "--test=/d/ml-100k/u1.test",
                "--epochs", "3", "--batch", "512", "--embedding-dim", "4", "--learning-rate", "0.001",
                "--weight-decay", "0", "--seed", "-5", "--threads", "2");
        assertNull(options.dataDir());
        assertFalse(options.splitsUData());
        assertEquals(Path.of("/d/ml-100k/u1.test"), options.testFile());
        assertEquals(Path.of("/d/ml-100k/u.user"), options.usersFile());
        assertEquals(3, options.epochs());
        assertEquals(512, options.batchSize());
        assertEquals(4, options.embeddingDim());
        assertEquals(0.001, options.learningRate());
        assertEquals(0, options.weightDecay());
        assertEquals(-5, options.seed());
        assertEquals(2, options.threads());
        assertEquals(Runtime.getRuntime().availableProcessors(), options.blasThreads(),
                "--blas-threads does not follow --threads");
        assertEquals(3, MovieLensOptions.parse("--data", "d", "--blas-threads", "3").blasThreads());
        assertEquals(1, MovieLensOptions.parse("--data", "d", "--blas-threads", "3").threads());
        assertEquals(Path.of("/x/u.user"),
                MovieLensOptions.parse("--data", "/x", "--train", "a", "--test", "b").usersFile());
    }

    @Test
    void helpNeedsNoData() {
        assertTrue(MovieLensOptions.parse("--help").help());
    }

    @Test
    void badCommandLinesNameTheProblem() {
        assertMessage("no data: give --data DIR");
        assertMessage("--train needs --test", "--train", "u1.base");
        assertMessage("--test needs --train", "--data", "d", "--test", "u1.test");
        assertMessage("unknown flag '--epoch'", "--epoch", "3");
        assertMessage("flag --data needs a value", "--data");
        assertMessage("unexpected argument 'ml-100k'", "ml-100k");
        assertMessage("--batch must be an integer, got 'big'", "--batch", "big");
        assertMessage("--epochs must be an integer from 1", "--epochs", "0");
        assertMessage("--threads must be an integer from 1", "--threads", "0");
        assertMessage("--blas-threads must be an integer from 1", "--blas-threads", "0");
        assertMessage("--seed must not be 0: ND4J treats seed 0 as no seed", "--seed", "0");
        assertMessage("--learning-rate must be a positive number, got '0'", "--learning-rate", "0");
        assertMessage("--weight-decay must be 0 or a positive number, got '-1'", "--weight-decay", "-1");
        assertMessage("--weight-decay must be 0 or a positive number, got 'x'", "--weight-decay", "x");
    }

    private static void assertMessage(String expectedStart, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> MovieLensOptions.parse(args));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
