package io.github.kerasrs4j.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Trains the same model on one machine, without Spark, on the same split of the same file with the same
 * encoder, batch size and epochs: the yardstick for the Spark run's AUC.
 */
public final class SingleMachineBaseline {

    private final CriteoBatchEncoder encoder;
    private final int batchSize;
    private final PrintStream log;

    public SingleMachineBaseline(CriteoBatchEncoder encoder, int batchSize, PrintStream log) {
        this.encoder = encoder;
        this.batchSize = batchSize;
        this.log = log;
    }

    /** @return the final held-out AUC */
    public double train(ComputationGraph graph, Path criteoFile, int epochs) {
        List<MultiDataSet> train = new ArrayList<>();
        List<MultiDataSet> heldOut = new ArrayList<>();
        read(criteoFile, train, heldOut);
        double auc = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            for (MultiDataSet batch : train) {
                graph.fit(batch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            auc = heldOutAuc(graph, heldOut);
            log.printf("single-machine epoch %d/%d: %.1f s, last minibatch score %.4f, held-out AUC %.4f%n",
                    epoch, epochs, seconds, graph.score(), auc);
        }
        return auc;
    }

    public static double heldOutAuc(ComputationGraph graph, List<MultiDataSet> heldOut) {
        ROC roc = new ROC(0);
        for (MultiDataSet batch : heldOut) {
            INDArray probabilities = graph.output(false, batch.getFeatures())[0];
            roc.eval(batch.getLabels(0), probabilities);
        }
        return roc.calculateAUC();
    }

    private void read(Path criteoFile, List<MultiDataSet> train, List<MultiDataSet> heldOut) {
        List<String> pendingTrain = new ArrayList<>();
        List<String> pendingHeldOut = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(criteoFile, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                boolean isHeldOut = HeldOutSplit.isHeldOut(lineNumber);
                List<String> pending = isHeldOut ? pendingHeldOut : pendingTrain;
                pending.add(line);
                if (pending.size() == batchSize) {
                    (isHeldOut ? heldOut : train).add(encoder.encode(pending));
                    pending.clear();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!pendingTrain.isEmpty()) {
            train.add(encoder.encode(pendingTrain));
        }
        if (!pendingHeldOut.isEmpty()) {
            heldOut.add(encoder.encode(pendingHeldOut));
        }
    }
}
