package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.CriteoFileSummary;
import io.github.kerasrs4j.samples.dlrm.CriteoMultiDataSetIterator;
import io.github.kerasrs4j.samples.dlrm.CriteoRowParser;
import io.github.kerasrs4j.samples.dlrm.DataSplit;
import io.github.kerasrs4j.samples.dlrm.DlrmExperiment;
import io.github.kerasrs4j.samples.dlrm.DlrmGraphBuilder;
import io.github.kerasrs4j.samples.dlrm.DlrmOptions;
import io.github.kerasrs4j.samples.dlrm.DlrmTrainer;
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
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The Spark run: DLRM with DotInteraction, built, fed and scored by the DLRM sample's classes, trained on Spark
 * and then (unless told not to) on one machine by the sample's own trainer on the same split of the same file,
 * with both learning curves drawn on one chart.
 */
public final class SparkDlrmExperiment {

    /** @param singleMachine null without the baseline */
    public record Result(LearningCurve spark, LearningCurve singleMachine, Path chart) {
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
        DlrmGraphBuilder builder = new DlrmGraphBuilder(dlrm.vocabularySize(), dlrm.embeddingDim(),
                dlrm.learningRate(), dlrm.seed());

        JavaRDD<String> lines = sc.textFile(dataFile.toAbsolutePath().toUri().toString());
        String source = dataFile.toString();
        JavaRDD<MultiDataSet> train = CriteoBatches.of(lines, source, DataSplit.TRAIN, dlrm.fileLineLimit(), parser,
                dlrm.batchSize());
        JavaRDD<MultiDataSet> heldOut = CriteoBatches.of(lines, source, DataSplit.HELD_OUT, dlrm.fileLineLimit(),
                parser, dlrm.batchSize());
        int workers = sc.defaultParallelism();
        double sparkLearningRate = options.sparkLearningRate(workers);
        log.printf(Locale.ROOT, "Spark: %d workers, learning rate %s%n", workers, sparkLearningRate);
        long start = System.nanoTime();
        LearningCurve spark = new SparkDlrmTrainer(sc, dlrm.batchSize(), options.averagingFrequency(), dlrm.epochs(),
                dlrm.seed(), log).train(new DlrmGraphBuilder(dlrm.vocabularySize(), dlrm.embeddingDim(),
                        sparkLearningRate, dlrm.seed()).build(Interaction.DOT), Interaction.DOT, train, heldOut,
                "Spark, " + workers + " workers");
        log.printf(Locale.ROOT, "Spark training and evaluation: %.1f s%n", (System.nanoTime() - start) / 1e9);
        List<LearningCurve> curves = new ArrayList<>(List.of(spark));

        LearningCurve singleMachine = null;
        if (options.baseline()) {
            start = System.nanoTime();
            CriteoFileSummary data = CriteoFileSummary.scan(dataFile, parser, dlrm.fileLineLimit());
            singleMachine = new DlrmTrainer(dlrm.epochs(), log).train(builder.build(Interaction.DOT), Interaction.DOT,
                            iterator(dataFile, parser, DataSplit.TRAIN), iterator(dataFile, parser, DataSplit.HELD_OUT),
                            data.trainRows())
                    .renamed("one machine");
            log.printf(Locale.ROOT, "Single-machine training and evaluation: %.1f s%n", (System.nanoTime() - start) / 1e9);
            curves.add(singleMachine);
        }
        Path chart = dlrm.outputDir().resolve("spark-learning-curves.png");
        LearningCurvePlot.write(curves, chart, "DLRM with DotInteraction: Spark parameter averaging vs one machine");
        log.println("Learning curves: " + chart);
        return new Result(spark, singleMachine, chart);
    }

    private CriteoMultiDataSetIterator iterator(Path file, CriteoRowParser parser, DataSplit split) {
        return new CriteoMultiDataSetIterator(file, parser, split, options.dlrm().fileLineLimit(),
                options.dlrm().batchSize());
    }
}
