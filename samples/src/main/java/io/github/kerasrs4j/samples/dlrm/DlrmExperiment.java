package io.github.kerasrs4j.samples.dlrm;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The sample's whole run: get the data (generate it, or check the given file), train and evaluate DLRM with
 * DotInteraction, DCN's FeatureCross stack and the concatenation baseline on the same rows, save the models,
 * plot the curves, and say which won.
 */
public final class DlrmExperiment {

    /** One trained model: its graph, how training went, and where it was saved (null when not saved). */
    public record TrainedModel(ComputationGraph graph, LearningCurve curve, Path file) {
    }

    /** What one run produced, for the caller (and the tests) to inspect. */
    public record Result(CriteoFileSummary data, List<TrainedModel> models, Path plot) {

        public TrainedModel model(Interaction interaction) {
            return models.stream().filter(m -> m.curve().interaction() == interaction).findFirst().orElseThrow();
        }
    }

    private final DlrmOptions options;
    private final PrintStream log;

    public DlrmExperiment(DlrmOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public Result run() {
        long start = System.nanoTime();
        log.println("DLRM sample: " + options);
        Path dataFile = dataFile();
        CriteoRowParser parser = new CriteoRowParser(options.vocabularySize());
        CriteoFileSummary data = CriteoFileSummary.scan(dataFile, parser, options.fileLineLimit());
        log.printf(Locale.ROOT, "Data %s: %,d training rows (%.1f%% clicks), %,d held-out rows (every %dth)%n",
                dataFile, data.trainRows(), 100.0 * data.trainClicks() / data.trainRows(), data.heldOutRows(),
                DataSplit.minimumLines());

        DlrmGraphBuilder builder = new DlrmGraphBuilder(options.vocabularySize(), options.embeddingDim(),
                options.learningRate(), options.seed(), options.embeddings());
        DlrmTrainer trainer = new DlrmTrainer(options.epochs(), log);
        List<TrainedModel> models = new ArrayList<>();
        for (Interaction interaction : Interaction.values()) {
            ComputationGraph graph = builder.build(interaction);
            // params().length(), not numParams(): DL4J's numParams() counts layers only, not vertices' parameters.
            log.printf(Locale.ROOT, "Training DLRM with %s: %,d parameters%n", interaction.displayName(),
                    graph.params().length());
            LearningCurve curve = trainer.train(graph, interaction, iterator(dataFile, parser, DataSplit.TRAIN),
                    iterator(dataFile, parser, DataSplit.HELD_OUT), data.trainRows());
            Path file = options.save()
                    ? save(graph, options.outputDir().resolve("dlrm-" + interaction.fileTag() + ".zip")) : null;
            models.add(new TrainedModel(graph, curve, file));
        }
        List<LearningCurve> curves = models.stream().map(TrainedModel::curve).toList();
        Path plot = options.outputDir().resolve("learning-curves.png");
        LearningCurvePlot.write(curves, plot);

        reportComparison(curves);
        if (options.save()) {
            log.println("Models: " + models.stream().map(m -> m.file().toString()).collect(Collectors.joining(", ")));
        }
        log.println("Learning curves: " + plot);
        log.printf(Locale.ROOT, "Total time: %.1f s%n", (System.nanoTime() - start) / 1e9);
        return new Result(data, models, plot);
    }

    /** The given file, or freshly generated data in the output directory. */
    public Path dataFile() {
        if (options.dataFile() != null) {
            return options.dataFile();
        }
        Path generated = options.outputDir().resolve("synthetic-criteo-seed" + options.seed() + ".tsv");
        log.printf(Locale.ROOT, "Generating %,d Criteo-format rows into %s%n", options.generatedRows(), generated);
        new SyntheticCriteoGenerator(options.seed()).write(generated, options.generatedRows());
        return generated;
    }

    private CriteoMultiDataSetIterator iterator(Path file, CriteoRowParser parser, DataSplit split) {
        return new CriteoMultiDataSetIterator(file, parser, split, options.fileLineLimit(), options.batchSize(),
                options.embeddings());
    }

    /** Saves {@code graph} with its updater state (so training can go on), creating the directory; returns {@code file}. */
    public static Path save(ComputationGraph graph, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ModelSerializer.writeModel(graph, file.toFile(), true);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + file, e);
        }
    }

    private void reportComparison(List<LearningCurve> curves) {
        log.println();
        log.println("Held-out results of the kept models (each model's best epoch):");
        for (LearningCurve curve : curves) {
            HeldOutMetrics m = curve.best().metrics();
            log.printf(Locale.ROOT, "  %-24s AUC %.4f  log loss %.4f  (epoch %d, %,d rows)%n",
                    curve.interaction().displayName(), m.auc(), m.logLoss(), curve.best().epoch(), m.rows());
        }
        List<LearningCurve> ranked = new ArrayList<>(curves);
        ranked.sort(Comparator.comparingDouble((LearningCurve c) -> c.best().metrics().auc()).reversed());
        HeldOutMetrics best = ranked.get(0).best().metrics();
        HeldOutMetrics next = ranked.get(1).best().metrics();
        log.printf(Locale.ROOT, "Winner on held-out AUC: %s, by %.4f AUC over %s (log loss %s by %.4f)%n",
                ranked.get(0).interaction().displayName(), best.auc() - next.auc(),
                ranked.get(1).interaction().displayName(), best.logLoss() <= next.logLoss() ? "lower" : "higher",
                Math.abs(best.logLoss() - next.logLoss()));
    }
}
