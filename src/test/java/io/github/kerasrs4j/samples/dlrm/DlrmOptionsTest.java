package io.github.kerasrs4j.samples.dlrm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DlrmOptionsTest {

    @Test
    void noArgumentsGiveTheGeneratedDefaultRun() {
        DlrmOptions options = DlrmOptions.parse();
        assertNull(options.dataFile());
        assertEquals(DlrmOptions.DEFAULT_GENERATED_ROWS, options.generatedRows());
        assertEquals(0, options.fileLineLimit());
        assertEquals(Path.of("target", "dlrm-sample"), options.outputDir());
    }

    @Test
    void flagsAndAPlainFileArgumentAreRead() {
        DlrmOptions options = DlrmOptions.parse("--rows", "5000", "--epochs=4", "--batch", "64", "--vocab", "500",
                "--embedding-dim", "8", "--learning-rate", "0.02", "--seed", "-7", "--out", "/tmp/x", "day_0.tsv");
        assertEquals(Path.of("day_0.tsv"), options.dataFile());
        assertEquals(5000, options.fileLineLimit());
        assertEquals(4, options.epochs());
        assertEquals(64, options.batchSize());
        assertEquals(500, options.vocabularySize());
        assertEquals(8, options.embeddingDim());
        assertEquals(0.02, options.learningRate());
        assertEquals(-7, options.seed());
        assertEquals(Path.of("/tmp/x"), options.outputDir());
    }

    @Test
    void embeddingFormSavingAndThreadsAreRead() {
        DlrmOptions defaults = DlrmOptions.parse();
        assertEquals(EmbeddingForm.COLLECTION, defaults.embeddings());
        assertEquals(true, defaults.save());
        assertEquals(1, defaults.threads());
        DlrmOptions options = DlrmOptions.parse("--embeddings", "per-feature", "--no-save", "--threads", "2");
        assertEquals(EmbeddingForm.PER_FEATURE, options.embeddings());
        assertEquals(false, options.save());
        assertEquals(2, options.threads());
        assertMessage("--embeddings must be collection or per-feature, got 'dense'", "--embeddings", "dense");
    }

    @Test
    void unknownFlagIsNamed() {
        assertMessage("unknown flag '--epoch'", "--epoch", "3");
    }

    @Test
    void nonNumericValueIsNamed() {
        assertMessage("--batch must be an integer, got 'big'", "--batch", "big");
    }

    @Test
    void outOfRangeValuesAreNamed() {
        assertMessage("--epochs must be an integer from 1", "--epochs", "0");
        assertMessage("--vocab must be an integer from 2", "--vocab", "1");
        assertMessage("--rows must be an integer from 1", "--rows", "-5");
        assertMessage("--learning-rate must be a positive number, got '-1'", "--learning-rate", "-1");
        assertMessage("--learning-rate must be a number, got 'fast'", "--learning-rate", "fast");
    }

    @Test
    void flagWithoutValueIsNamed() {
        assertMessage("flag --out needs a value", "--out");
    }

    @Test
    void seedZeroIsRefused() {
        assertMessage("--seed must not be 0: ND4J treats seed 0 as no seed", "--seed", "0");
    }

    @Test
    void secondDataFileIsRefused() {
        assertMessage("more than one data file given: 'a.tsv' and 'b.tsv'", "a.tsv", "b.tsv");
    }

    private static void assertMessage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> DlrmOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
