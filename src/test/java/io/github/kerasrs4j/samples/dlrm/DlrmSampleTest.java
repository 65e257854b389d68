package io.github.kerasrs4j.samples.dlrm;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample's main job, small: DotInteraction must beat concatenation on data whose clicks come from interactions, and DCN must learn. */
class DlrmSampleTest {

    /** Rows, epochs and batch that keep this test short while the gap stays clear for the fixed seed. */
    private static final int VOCABULARY = 1000;
    private static final String[] SMALL_RUN = {"--rows", "40000", "--epochs", "1", "--batch", "256",
            "--vocab", Integer.toString(VOCABULARY), "--embedding-dim", "16", "--seed", "42"};

    @TempDir
    Path dir;

    @Test
    void dotInteractionBeatsConcatenationAndTheSavedModelPredictsTheSame() throws IOException {
        String[] args = Arrays.copyOf(SMALL_RUN, SMALL_RUN.length + 2);
        args[SMALL_RUN.length] = "--out";
        args[SMALL_RUN.length + 1] = dir.toString();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DlrmExperiment.Result result =
                new DlrmExperiment(DlrmOptions.parse(args), new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        HeldOutMetrics dot = result.model(Interaction.DOT).curve().best().metrics();
        HeldOutMetrics concat = result.model(Interaction.CONCAT).curve().best().metrics();
        assertTrue(dot.auc() > concat.auc() + 0.02,
                "DotInteraction AUC " + dot.auc() + " should beat the baseline's " + concat.auc() + "\n" + log);
        assertTrue(dot.logLoss() < concat.logLoss(), "log loss " + dot.logLoss() + " vs " + concat.logLoss());
        HeldOutMetrics cross = result.model(Interaction.CROSS).curve().best().metrics();
        // One short epoch is too little for DCN to beat the baseline reliably; it must learn, though.
        assertTrue(cross.auc() > 0.65, "DCN AUC " + cross.auc() + "\n" + log);
        String printed = log.toString(StandardCharsets.UTF_8);
        String winner = dot.auc() >= cross.auc() ? "DotInteraction" : "DCN (FeatureCross)";
        assertTrue(printed.contains("Winner on held-out AUC: " + winner + ", by "), printed);
        assertTrue(printed.contains("DotInteraction training throughput: "), printed);

        assertPng(result.plot());
        assertRestoredModelPredictsTheSame(result);
    }

    @Test
    void aBadFileStopsTheRunBeforeTraining() throws IOException {
        Path file = CriteoRows.write(dir, "bad.tsv", List.of(CriteoRows.line("1", "x", "ab")));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DlrmExperiment experiment = new DlrmExperiment(DlrmOptions.parse(file.toString(), "--out", dir.toString()),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        CriteoFormatException e = assertThrows(CriteoFormatException.class, experiment::run);
        assertTrue(e.getMessage().startsWith(file + ":1: integer feature I1"), e.getMessage());
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("Training"), log.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("dlrm-dot.zip")));
    }

    private static void assertRestoredModelPredictsTheSame(DlrmExperiment.Result result) throws IOException {
        DlrmExperiment.TrainedModel trained = result.model(Interaction.DOT);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(trained.file().toFile(), false);
        CriteoMultiDataSetIterator heldOut = new CriteoMultiDataSetIterator(result.data().file(),
                new CriteoRowParser(VOCABULARY), DataSplit.HELD_OUT, 0, 256, DlrmOptions.defaults().embeddings());
        MultiDataSet batch = heldOut.next();
        INDArray expected = trained.graph().output(false, batch.getFeatures())[0];
        INDArray actual = restored.output(false, batch.getFeatures())[0];
        assertArrayEquals(new long[]{256, 1}, actual.shape());
        assertTrue(expected.equalsWithEps(actual, 1e-6), "restored model's predictions differ from the trained one's");
    }

    private static void assertPng(Path plot) throws IOException {
        byte[] bytes = Files.readAllBytes(plot);
        assertTrue(bytes.length > 1000, "plot is " + bytes.length + " bytes");
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
    }
}
