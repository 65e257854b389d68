package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.CriteoFormatException;
import io.github.kerasrs4j.samples.dlrm.DlrmMain;
import io.github.kerasrs4j.samples.dlrm.CommandLine;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains DLRM with DotInteraction on Spark and on one machine and prints both held-out AUCs; see
 * docs/spark.md. A bad command line or a malformed data line ends it with a message and exit status 2.
 */
public final class SparkDlrmMain {

    private SparkDlrmMain() {
    }

    public static void main(String[] args) {
        SparkDlrmOptions options = CommandLine.parseOrExit(args, SparkDlrmOptions::parse, o -> o.dlrm().help(),
                SparkDlrmOptions.USAGE);
        if (options == null) {
            return;
        }
        // --threads: for the driver's ND4J here, for each executor's through the variable ND4J and OpenBLAS read
        DlrmMain.useThreads(options.dlrm().threads());
        SparkConf conf = new SparkConf().setAppName("kerasrs4j-spark-dlrm").setIfMissing("spark.master", "local[2]")
                .setIfMissing("spark.executorEnv.OMP_NUM_THREADS", String.valueOf(options.dlrm().threads()));
        LocalClusterSettings.applyTo(conf);
        SparkDlrmExperiment.Result result;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            result = new SparkDlrmExperiment(options, System.out).run(sc);
        } catch (RuntimeException e) {
            CriteoFormatException badData = criteoFormatCause(e);
            if (badData == null) {
                throw e;
            }
            CommandLine.exit("error: " + badData.getMessage());
            return;
        }
        double sparkAuc = result.spark().finalMetrics().auc();
        if (result.singleMachine() == null) {
            System.out.printf(Locale.ROOT, "spark: held-out AUC %.4f%n", sparkAuc);
        } else {
            double singleAuc = result.singleMachine().finalMetrics().auc();
            System.out.printf(Locale.ROOT, "spark: held-out AUC %.4f, single machine %.4f, difference %+.4f%n",
                    sparkAuc, singleAuc, sparkAuc - singleAuc);
        }
    }

    /** The malformed-line error behind a failed Spark job (Spark wraps the executor's exception), or null. */
    static CriteoFormatException criteoFormatCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CriteoFormatException badData) {
                return badData;
            }
        }
        return null;
    }
}
