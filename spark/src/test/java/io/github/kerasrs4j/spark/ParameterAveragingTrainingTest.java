package io.github.kerasrs4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasrs4j.layers.DotInteraction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Parameter averaging on Spark local[2] with a graph holding DotInteraction: the driver's parameters after
 * one averaging round are the mean of what each worker's fit gives, and training on Spark lowers the score.
 */
class ParameterAveragingTrainingTest {

    private static final int WORKERS = 2;
    private static final int FEATURES = 3;
    private static final int WIDTH = 4;
    private static final int BATCH = 16;

    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = new JavaSparkContext(new SparkConf()
                .setMaster("local[" + WORKERS + "]")
                .setAppName("ParameterAveragingTrainingTest")
                .set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stopSpark() {
        sc.close();
    }

    @Test
    void oneAveragingRoundGivesTheMeanOfTheWorkersParameters() {
        ComputationGraph initial = graph(new Sgd(0.5));
        MultiDataSet first = batch(new Random(1));
        MultiDataSet second = batch(new Random(2));

        ComputationGraph firstWorker = initial.clone();
        firstWorker.fit(first);
        ComputationGraph secondWorker = initial.clone();
        secondWorker.fit(second);
        INDArray expected = firstWorker.params().add(secondWorker.params()).divi(WORKERS);

        // One batch per partition, one partition per worker, one minibatch between averagings: exactly one round.
        JavaRDD<MultiDataSet> data = sc.parallelize(List.of(first, second), WORKERS);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(BATCH)
                .batchSizePerWorker(BATCH)
                .averagingFrequency(1)
                .repartionData(Repartition.Never)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .build();
        SparkComputationGraph spark = new SparkComputationGraph(sc, initial.clone(), master);
        INDArray averaged = spark.fitMultiDataSet(data).params();

        assertEquals(0.0, averaged.sub(expected).amaxNumber().doubleValue(), 1e-5);
        // Not vacuous: the two workers moved apart and the average is neither of them.
        assertTrue(firstWorker.params().sub(secondWorker.params()).amaxNumber().doubleValue() > 1e-3);
    }

    @Test
    void trainingOnSparkLowersTheScore() {
        Random random = new Random(7);
        List<MultiDataSet> batches = new ArrayList<>();
        for (int b = 0; b < 16; b++) {
            batches.add(batch(random));
        }
        ComputationGraph graph = graph(new Adam(0.02));
        double before = meanScore(graph, batches);

        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(BATCH)
                .batchSizePerWorker(BATCH)
                .averagingFrequency(2)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .build();
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph, master);
        JavaRDD<MultiDataSet> data = sc.parallelize(batches, WORKERS);
        for (int epoch = 0; epoch < 10; epoch++) {
            spark.fitMultiDataSet(data);
        }
        double after = meanScore(spark.getNetwork(), batches);

        assertTrue(after < 0.8 * before, "score before " + before + ", after " + after);
    }

    /** Three dense towers whose outputs meet in a DotInteraction, then a sigmoid click layer. */
    private static ComputationGraph graph(IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(12345)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder();
        String[] towers = new String[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            builder.addInputs("f" + f);
            towers[f] = "tower" + f;
            builder.addLayer(towers[f], new DenseLayer.Builder().nIn(WIDTH).nOut(WIDTH)
                    .activation(Activation.TANH).build(), "f" + f);
        }
        builder.addVertex("interaction", new DotInteraction(false, false), towers);
        builder.addLayer("click", new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nIn(FEATURES * (FEATURES - 1) / 2).nOut(1).activation(Activation.SIGMOID).build(), "interaction");
        ComputationGraph graph = new ComputationGraph(builder.setOutputs("click").build());
        graph.init();
        return graph;
    }

    /** Random features; the label is whether the first two features point the same way, a pairwise signal. */
    private static MultiDataSet batch(Random random) {
        INDArray[] features = new INDArray[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            float[][] values = new float[BATCH][WIDTH];
            for (float[] row : values) {
                for (int i = 0; i < WIDTH; i++) {
                    row[i] = (float) random.nextGaussian();
                }
            }
            features[f] = Nd4j.create(values);
        }
        INDArray labels = features[0].mul(features[1]).sum(true, 1).gt(0).castTo(DataType.FLOAT);
        return new org.nd4j.linalg.dataset.MultiDataSet(features, new INDArray[] {labels});
    }

    private static double meanScore(ComputationGraph graph, List<MultiDataSet> batches) {
        double sum = 0;
        for (MultiDataSet batch : batches) {
            sum += graph.score(batch);
        }
        return sum / batches.size();
    }
}
