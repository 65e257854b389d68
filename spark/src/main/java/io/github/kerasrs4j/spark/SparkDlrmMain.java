package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.CriteoRowParser;
import io.github.kerasrs4j.samples.dlrm.DataSplit;
import io.github.kerasrs4j.samples.dlrm.DlrmGraphBuilder;
import io.github.kerasrs4j.samples.dlrm.Interaction;
import io.github.kerasrs4j.samples.dlrm.SyntheticCriteoGenerator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Trains DLRM with kerasrs4j's DotInteraction on Spark from a Criteo-format file, then the same model on
 * one machine on the same split, and prints both held-out AUCs. See docs/spark.md for how to run it.
 */
public final class SparkDlrmMain {

    private SparkDlrmMain() {
    }

    public static void main(String[] args) {
        SparkDlrmOptions options = SparkDlrmOptions.parse(args);
        PrintStream out = System.out;
        Path data = options.dataFile() != null ? options.dataFile() : generated(options, out);

        CriteoRowParser parser = new CriteoRowParser(options.vocabularySize());
        CriteoBatchEncoder encoder = new SampleCriteoEncoder(parser);
        DlrmGraphBuilder builder = new DlrmGraphBuilder(options.vocabularySize(), options.embeddingDim(),
                options.learningRate(), options.seed());
        DlrmModelFactory models = () -> builder.build(Interaction.DOT);

        SparkConf conf = new SparkConf().setAppName("kerasrs4j-spark-dlrm").setIfMissing("spark.master", "local[2]");
        LocalClusterSettings.applyTo(conf);
        out.println("options: " + options + "; spark.master=" + conf.get("spark.master"));

        double sparkAuc;
        long sparkStart = System.nanoTime();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            JavaRDD<String> lines = sc.textFile(data.toAbsolutePath().toUri().toString());
            JavaRDD<MultiDataSet> train = CriteoBatches.encode(HeldOutSplit.select(lines, DataSplit.TRAIN),
                    encoder, options.batchSize());
            // Serialized, as dl4j-spark caches training data: caching MultiDataSets as objects makes Spark's
            // SizeEstimator reflect into java.lang.ref, which Java 17 closes.
            JavaRDD<MultiDataSet> heldOut = CriteoBatches.encode(HeldOutSplit.select(lines, DataSplit.HELD_OUT),
                    encoder, options.batchSize()).persist(StorageLevel.MEMORY_ONLY_SER());
            sparkAuc = new SparkDlrmTrainer(sc, options.batchSize(), options.averagingFrequency(), out)
                    .train(models.create(), train, heldOut, options.epochs());
        }
        double sparkSeconds = (System.nanoTime() - sparkStart) / 1e9;
        out.printf("spark: held-out AUC %.4f in %.1f s (context start to stop)%n", sparkAuc, sparkSeconds);

        if (options.baseline()) {
            long start = System.nanoTime();
            double baselineAuc = new SingleMachineBaseline(parser, options.batchSize(), out)
                    .train(models.create(), data, options.epochs());
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("single machine: held-out AUC %.4f in %.1f s%n", baselineAuc, seconds);
            out.printf("AUC spark - single machine: %+.4f%n", sparkAuc - baselineAuc);
        }
    }

    private static Path generated(SparkDlrmOptions options, PrintStream out) {
        Path file = Path.of("target", "criteo-synthetic-" + options.generatedRows() + "-" + options.seed() + ".tsv");
        if (!Files.exists(file)) {
            new SyntheticCriteoGenerator(options.seed()).write(file, options.generatedRows());
        }
        out.println("data: " + file.toAbsolutePath());
        return file;
    }
}
