package io.github.kerasrs4j.samples.dlrm;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer leaves the graph with the parameters of its best held-out epoch, and says which epoch that was. */
class DlrmTrainerTest {

    private static final int VOCABULARY = 200;
    private static final int BATCH = 256;

    @TempDir
    Path dir;

    @Test
    void theGraphEndsWithItsBestHeldOutEpoch() {
        Path file = dir.resolve("criteo.tsv");
        new SyntheticCriteoGenerator(5).write(file, 6000);
        CriteoRowParser parser = new CriteoRowParser(VOCABULARY);
        CriteoMultiDataSetIterator train = new CriteoMultiDataSetIterator(file, parser, DataSplit.TRAIN, 0, BATCH,
                EmbeddingForm.COLLECTION);
        CriteoMultiDataSetIterator heldOut = new CriteoMultiDataSetIterator(file, parser, DataSplit.HELD_OUT, 0, BATCH,
                EmbeddingForm.COLLECTION);
        // A learning rate this high overfits a small training split within a few epochs.
        ComputationGraph graph = new DlrmGraphBuilder(VOCABULARY, 8, 0.05, 3, EmbeddingForm.COLLECTION)
                .build(Interaction.DOT);
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        LearningCurve curve = new DlrmTrainer(3, new PrintStream(log, true, StandardCharsets.UTF_8))
                .train(graph, Interaction.DOT, train, heldOut, 5400);

        LearningCurve.HeldOutPoint best = curve.best();
        // With this seed the held-out AUC falls after the first epoch by a wide margin (0.62, 0.60, 0.58), so the
        // graph must be rolled back whatever the rounding of the kernels; seed 7's best epoch moved with it.
        assertTrue(best.epoch() < 3, "the case should end past its best epoch\n" + log);
        for (LearningCurve.HeldOutPoint point : curve.heldOut()) {
            assertTrue(point.metrics().auc() <= best.metrics().auc(), "epoch " + point.epoch() + " beats the best");
        }
        assertEquals(best.metrics().auc(), HeldOutMetrics.evaluate(graph, heldOut).auc(), 1e-12,
                "the graph should hold epoch " + best.epoch() + "'s parameters\n" + log);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains(
                "[DotInteraction] keeps the model of epoch " + best.epoch() + " of 3"), log.toString(StandardCharsets.UTF_8));
    }
}
