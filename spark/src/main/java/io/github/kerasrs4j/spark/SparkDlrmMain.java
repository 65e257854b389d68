package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.spark.standin.StandInCriteoEncoder;
import io.github.kerasrs4j.spark.standin.StandInCriteoGenerator;
import io.github.kerasrs4j.spark.standin.StandInDlrmFactory;
import java.io.IOException;
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

    public static void main(String[] args) throws IOException {
        SparkDlrmOptions options = SparkDlrmOptions.parse(args);
        PrintStream out = System.out;
        Path data = options.dataFile() != null ? options.dataFile() : generated(options, out);

        CriteoBatchEncoder encoder = new StandInCriteoEncoder(options.vocabularySize());
        DlrmModelFactory models = new StandInDlrmFactory(options.vocabularySize(), options.embeddingDim(),
                options.learningRate(), options.seed());

        SparkConf conf = new SparkConf().setAppName("kerasrs4j-spark-dlrm").setIfMissing("spark.master", "local[2]");
        LocalClusterSettings.applyTo(conf);
        out.println("options: " + options + "; spark.master=" + conf.get("spark.master"));

        double sparkAuc;
        long sparkStart = System.nanoTime();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            JavaRDD<String> lines = sc.textFile(data.toAbsolutePath().toUri().toString());
            JavaRDD<MultiDataSet> train = CriteoBatches.encode(HeldOutSplit.train(lines), encoder,
                    options.batchSize());
            // Serialized, as dl4j-spark caches training data: caching MultiDataSets as objects makes Spark's
            // SizeEstimator reflect into java.lang.ref, which Java 17 closes.
            JavaRDD<MultiDataSet> heldOut = CriteoBatches.encode(HeldOutSplit.heldOut(lines), encoder,
                    options.batchSize()).persist(StorageLevel.MEMORY_ONLY_SER());
            sparkAuc = new SparkDlrmTrainer(sc, options.batchSize(), options.averagingFrequency(), out)
                    .train(models.create(), train, heldOut, options.epochs());
        }
        double sparkSeconds = (System.nanoTime() - sparkStart) / 1e9;
        out.printf("spark: held-out AUC %.4f in %.1f s (context start to stop)%n", sparkAuc, sparkSeconds);

        if (options.baseline()) {
            long start = System.nanoTime();
            double baselineAuc = new SingleMachineBaseline(encoder, options.batchSize(), out)
                    .train(models.create(), data, options.epochs());
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("single machine: held-out AUC %.4f in %.1f s%n", baselineAuc, seconds);
            out.printf("AUC spark - single machine: %+.4f%n", sparkAuc - baselineAuc);
        }
    }

    private static Path generated(SparkDlrmOptions options, PrintStream out) throws IOException {
        Path file = Path.of("target", "criteo-synthetic-" + options.generatedRows() + "-" + options.seed() + ".tsv");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            new StandInCriteoGenerator(options.seed()).write(file, options.generatedRows());
        }
        out.println("data: " + file.toAbsolutePath());
        return file;
    }
}
