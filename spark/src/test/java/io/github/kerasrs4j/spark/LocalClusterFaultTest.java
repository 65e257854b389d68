package io.github.kerasrs4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasrs4j.samples.dlrm.CriteoFormatException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The Spark run on local-cluster, where each executor is a JVM of its own: losing one mid-training and
 * reading a malformed line. Needs SPARK_HOME (the pom sets it for the tests).
 */
class LocalClusterFaultTest {

    private static final String SMALL_MODEL = "--vocab 64 --embedding-dim 4 --batch 64 --learning-rate 0.01";

    @TempDir
    static Path directory;
    private static JavaSparkContext sc;

    @BeforeAll
    static void startCluster() {
        SparkConf conf = new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName("LocalClusterFaultTest")
                .set("spark.executor.memory", "768m")
                .set("spark.ui.enabled", "false");
        LocalClusterSettings.applyTo(conf);
        sc = new JavaSparkContext(conf);
    }

    @AfterAll
    static void stopCluster() {
        sc.close();
    }

    @Test
    void trainingSurvivesTheLossOfAnExecutorAndReachesTheSingleMachineAuc() throws Exception {
        Path file = OneFeatureClickLog.write(directory.resolve("clicks.tsv"), OneFeatureClickLog.lines(6_000, 1));
        // The epoch is about eight averaging rounds; the kill comes in the fourth.
        ExecutorKiller killer = new ExecutorKiller(4);
        sc.sc().addSparkListener(killer);
        SparkDlrmExperiment.Result result;
        try {
            result = new SparkDlrmExperiment(options(file, "--epochs 1"), System.out).run(sc);
        } finally {
            sc.sc().removeSparkListener(killer);
        }

        assertNotNull(killer.killedExecutor(), "no executor was killed");
        assertTrue(killer.tasksLostWithExecutor() > 0, "no task was running on the killed executor");
        assertTrue(killer.tasksFinishedAfterKill() > 0, "no task finished after the kill");
        double singleMachine = result.singleMachine().finalMetrics().auc();
        double spark = result.spark().finalMetrics().auc();
        assertTrue(singleMachine > 0.65, "the single machine learned too little to compare: AUC " + singleMachine);
        assertEquals(singleMachine, spark, 0.01, "held-out AUC on Spark " + spark + ", one machine " + singleMachine);
        // The saved model is the one Spark trained.
        assertEquals(result.model().params(),
                ModelSerializer.restoreComputationGraph(result.modelFile().toFile(), false).params());
    }

    @Test
    void aMalformedLineFailsTheRunNamingItsFileAndLine() {
        List<String> lines = OneFeatureClickLog.lines(3_000, 2);
        // Line 2,501: in the second of the file's two partitions, and a training row (every tenth is held out).
        lines.set(2_500, lines.get(2_500).replaceFirst("\t", "\tmany\t").replaceFirst("\t\t", "\t"));
        Path file = OneFeatureClickLog.write(directory.resolve("malformed.tsv"), lines);

        SparkException failure = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> assertThrows(
                SparkException.class, () -> new SparkDlrmExperiment(options(file, "--epochs 1 --no-baseline"),
                        System.out).run(sc)));

        CriteoFormatException cause = SparkDlrmMain.criteoFormatCause(failure);
        assertNotNull(cause, "no CriteoFormatException behind " + failure);
        assertEquals(file + ":2501: integer feature I1 must be an integer or empty, found 'many'", cause.getMessage());
    }

    private static SparkDlrmOptions options(Path file, String flags) {
        List<String> args = new java.util.ArrayList<>(List.of((SMALL_MODEL + " " + flags).split(" ")));
        args.addAll(List.of("--out", directory.toString(), file.toString()));
        return SparkDlrmOptions.parse(args.toArray(String[]::new));
    }
}
