package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.CriteoFileSummary;
import io.github.kerasrs4j.samples.dlrm.CriteoMultiDataSetIterator;
import io.github.kerasrs4j.samples.dlrm.CriteoRowParser;
import io.github.kerasrs4j.samples.dlrm.DataSplit;
import io.github.kerasrs4j.samples.dlrm.DlrmExperiment;
import io.github.kerasrs4j.samples.dlrm.DlrmGraphBuilder;
import io.github.kerasrs4j.samples.dlrm.DlrmOptions;
import io.github.kerasrs4j.samples.dlrm.DlrmTrainer;
import io.github.kerasrs4j.samples.dlrm.EmbeddingForm;
import io.github.kerasrs4j.samples.dlrm.Interaction;
import io.github.kerasrs4j.samples.dlrm.LearningCurve;
import io.github.kerasrs4j.samples.dlrm.LearningCurvePlot;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The Spark run: DLRM with DotInteraction, built, fed and scored by the DLRM sample's classes in the embedding
 * form the options name, trained on Spark (and saved unless told not to) and then (unless told not to) on one
 * machine by the sample's own trainer on the same split of the same file, with both learning curves drawn on
 * one chart.
 */
public final class SparkDlrmExperiment {

    /**
     * @param singleMachine null without the baseline
     * @param model         the Spark-trained model
     * @param modelFile     where it was saved; null with {@code --no-save}
     */
    public record Result(LearningCurve spark, LearningCurve singleMachine, Path chart, ComputationGraph model,
                         Path modelFile) {
    }

    private final SparkDlrmOptions options;
    private final PrintStream log;

    public SparkDlrmExperiment(SparkDlrmOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public Result run(JavaSparkContext sc) {
        DlrmOptions dlrm = options.dlrm();
        log.println("DLRM on Spark: " + options + "; spark.master=" + sc.master());
        Path dataFile = new DlrmExperiment(dlrm, log).dataFile();
        CriteoRowParser parser = new CriteoRowParser(dlrm.vocabularySize());
        EmbeddingForm embeddings = dlrm.embeddings();

        JavaRDD<String> lines = sc.textFile(dataFile.toAbsolutePath().toUri().toString());
        String source = dataFile.toString();
        JavaRDD<MultiDataSet> train = CriteoBatches.of(lines, source, DataSplit.TRAIN, dlrm.fileLineLimit(), parser,
                dlrm.batchSize(), embeddings);
        JavaRDD<MultiDataSet> heldOut = CriteoBatches.of(lines, source, DataSplit.HELD_OUT, dlrm.fileLineLimit(),
                parser, dlrm.batchSize(), embeddings);
        int workers = sc.defaultParallelism();
        double sparkLearningRate = options.sparkLearningRate(workers);
        log.printf(Locale.ROOT, "Spark: %d workers, learning rate %s%n", workers, sparkLearningRate);
        long start = System.nanoTime();
        ComputationGraph sparkModel = builder(sparkLearningRate).build(Interaction.DOT);
        LearningCurve spark = new SparkDlrmTrainer(sc, dlrm.batchSize(), options.averagingFrequency(), dlrm.epochs(),
                dlrm.seed(), log).train(sparkModel, Interaction.DOT, train, heldOut, "Spark, " + workers + " workers");
        log.printf(Locale.ROOT, "Spark training and evaluation: %.1f s%n", (System.nanoTime() - start) / 1e9);
        Path modelFile = null;
        if (dlrm.save()) {
            modelFile = DlrmExperiment.save(sparkModel, dlrm.outputDir().resolve("dlrm-spark.zip"));
            log.println("Spark-trained model: " + modelFile);
        }
        List<LearningCurve> curves = new ArrayList<>(List.of(spark));

        LearningCurve singleMachine = null;
        if (options.baseline()) {
            start = System.nanoTime();
            CriteoFileSummary data = CriteoFileSummary.scan(dataFile, parser, dlrm.fileLineLimit());
            singleMachine = new DlrmTrainer(dlrm.epochs(), log).train(builder(dlrm.learningRate()).build(Interaction.DOT),
                            Interaction.DOT, iterator(dataFile, parser, DataSplit.TRAIN),
                            iterator(dataFile, parser, DataSplit.HELD_OUT), data.trainRows())
                    .renamed("one machine");
            log.printf(Locale.ROOT, "Single-machine training and evaluation: %.1f s%n", (System.nanoTime() - start) / 1e9);
            curves.add(singleMachine);
        }
        Path chart = dlrm.outputDir().resolve("spark-learning-curves.png");
        LearningCurvePlot.write(curves, chart, "DLRM with DotInteraction: Spark parameter averaging vs one machine");
        log.println("Learning curves: " + chart);
        return new Result(spark, singleMachine, chart, sparkModel, modelFile);
    }

    private DlrmGraphBuilder builder(double learningRate) {
        DlrmOptions dlrm = options.dlrm();
        return new DlrmGraphBuilder(dlrm.vocabularySize(), dlrm.embeddingDim(), learningRate, dlrm.seed(),
                dlrm.embeddings());
    }

    private CriteoMultiDataSetIterator iterator(Path file, CriteoRowParser parser, DataSplit split) {
        return new CriteoMultiDataSetIterator(file, parser, split, options.dlrm().fileLineLimit(),
                options.dlrm().batchSize(), options.dlrm().embeddings());
    }
}
