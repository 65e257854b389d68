package io.github.kerasrs4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.kerasrs4j.samples.dlrm.CriteoMultiDataSetIterator;
import io.github.kerasrs4j.samples.dlrm.CriteoRowParser;
import io.github.kerasrs4j.samples.dlrm.DataSplit;
import io.github.kerasrs4j.samples.dlrm.DlrmGraphBuilder;
import io.github.kerasrs4j.samples.dlrm.EmbeddingForm;
import io.github.kerasrs4j.samples.dlrm.HeldOutMetrics;
import io.github.kerasrs4j.samples.dlrm.Interaction;
import io.github.kerasrs4j.samples.dlrm.SyntheticCriteoGenerator;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Held-out scoring on Spark local[2], in both embedding forms: it gives the DLRM sample's own metrics, and the
 * driver's model keeps its parameters even after Spark removes every broadcast, which is when Spark 3.5 closes
 * broadcast values.
 */
class HeldOutEvaluationTest {

    private static final int VOCABULARY = 16;
    private static final int BATCH = 64;

    @TempDir
    static Path directory;
    private static Path file;
    private static JavaSparkContext sc;
    private static final CriteoRowParser PARSER = new CriteoRowParser(VOCABULARY);

    @BeforeAll
    static void startSpark() {
        file = directory.resolve("criteo.tsv");
        new SyntheticCriteoGenerator(3).write(file, 2_000);
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("HeldOutEvaluationTest")
                .set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stopSpark() {
        sc.close();
    }

    @ParameterizedTest
    @EnumSource(EmbeddingForm.class)
    void sparkGivesTheSamplesMetricsAndLeavesTheModelIntact(EmbeddingForm form) {
        ComputationGraph graph = trainedGraph(form);
        INDArray paramsBefore = graph.params().dup();
        HeldOutMetrics onDriver = HeldOutMetrics.evaluate(graph, iterator(DataSplit.HELD_OUT, form));

        HeldOutMetrics onSpark = SparkHeldOutEvaluation.evaluate(sparkGraph(graph), heldOut(form), BATCH);
        removeEveryBroadcast();

        assertEquals(onDriver.rows(), onSpark.rows());
        assertEquals(onDriver.auc(), onSpark.auc(), 1e-9);
        assertEquals(onDriver.logLoss(), onSpark.logLoss(), 1e-6);
        assertFalse(graph.params().wasClosed());
        assertEquals(paramsBefore, graph.params());
        // Still a working model: the same predictions as before scoring.
        assertEquals(onDriver, HeldOutMetrics.evaluate(graph, iterator(DataSplit.HELD_OUT, form)));
    }

    private static ComputationGraph trainedGraph(EmbeddingForm form) {
        ComputationGraph graph = new DlrmGraphBuilder(VOCABULARY, 4, 0.01, 5, form).build(Interaction.DOT);
        graph.fit(iterator(DataSplit.TRAIN, form));
        return graph;
    }

    private static SparkComputationGraph sparkGraph(ComputationGraph graph) {
        return new SparkComputationGraph(sc, graph, new ParameterAveragingTrainingMaster.Builder(BATCH).build());
    }

    private static JavaRDD<MultiDataSet> heldOut(EmbeddingForm form) {
        return CriteoBatches.of(sc.textFile(file.toString(), 2), file.toString(), DataSplit.HELD_OUT, 0, PARSER, BATCH,
                form);
    }

    private static CriteoMultiDataSetIterator iterator(DataSplit split, EmbeddingForm form) {
        return new CriteoMultiDataSetIterator(file, PARSER, split, 0, BATCH, form);
    }

    /** What Spark's ContextCleaner does to a broadcast once the driver no longer references it. */
    private static void removeEveryBroadcast() {
        long newest = sc.broadcast(0).id();
        for (long id = 0; id <= newest; id++) {
            SparkEnv.get().broadcastManager().unbroadcast(id, true, true);
        }
    }
}
