package io.github.kerasrs4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasrs4j.samples.dlrm.EmbeddingForm;
import io.github.kerasrs4j.samples.dlrm.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SparkDlrmOptionsTest {

    @Test
    void theSamplesFlagsKeepTheirNamesAndDefaults() {
        SparkDlrmOptions options = SparkDlrmOptions.parse("--vocab", "64", "--embedding-dim=4", "--epochs", "2",
                "--averaging-frequency", "3", "--no-baseline", "data.tsv");

        assertEquals(64, options.dlrm().vocabularySize());
        assertEquals(4, options.dlrm().embeddingDim());
        assertEquals(2, options.dlrm().epochs());
        assertEquals(Path.of("data.tsv"), options.dlrm().dataFile());
        assertEquals(512, options.dlrm().batchSize());
        assertEquals(3, options.averagingFrequency());
        assertFalse(options.baseline());
        assertEquals(Path.of(SparkDlrmOptions.DEFAULT_OUTPUT_DIR), options.dlrm().outputDir());
        assertEquals(EmbeddingForm.COLLECTION, options.dlrm().embeddings());
        assertTrue(options.dlrm().save());
    }

    @Test
    void theSamplesEmbeddingSavingAndThreadFlagsReachTheRun() {
        SparkDlrmOptions options = SparkDlrmOptions.parse("--embeddings", "per-feature", "--no-save", "--threads=2");

        assertEquals(EmbeddingForm.PER_FEATURE, options.dlrm().embeddings());
        assertFalse(options.dlrm().save());
        assertEquals(2, options.dlrm().threads());
    }

    @Test
    void theSparkLearningRateScalesWithTheWorkersUnlessGiven() {
        assertEquals(0.03, SparkDlrmOptions.parse("--learning-rate", "0.01").sparkLearningRate(3), 1e-12);
        assertEquals(0.005, SparkDlrmOptions.parse("--spark-learning-rate=0.005").sparkLearningRate(3), 1e-12);
        assertTrue(SparkDlrmOptions.parse().baseline());
    }

    @Test
    void badValuesNameTheirFlag() {
        assertEquals("--averaging-frequency must be an integer, got '2.5'",
                assertThrows(UsageException.class, () -> SparkDlrmOptions.parse("--averaging-frequency", "2.5"))
                        .getMessage());
        assertEquals("flag --spark-learning-rate needs a value",
                assertThrows(UsageException.class, () -> SparkDlrmOptions.parse("--spark-learning-rate")).getMessage());
        assertThrows(UsageException.class, () -> SparkDlrmOptions.parse("--vocabulary", "64"));
    }
}
