package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.stepfunctions.DefaultStepFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.stepfunctions.NegativeGradientStepFunction;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RowSparseStep changes how a step is applied, never its result: DL4J's dense step, bit for bit. */
class RowSparseStepTest {

    private static final long[] SIZES_A = {40, 25};
    private static final long[] SIZES_B = {30};
    private static final int DIM = 3;
    private static final int BATCH = 5;
    private static final int DENSE_INPUTS = 4;

    @Test
    void sgdAndAdamStepsEqualDl4jsDenseStepExactly() {
        for (IUpdater updater : new IUpdater[]{new Sgd(0.1), new Adam(0.01)}) {
            ComputationGraph plain = graph(updater);
            ComputationGraph sparse = graph(updater);
            compareSteps(plain, sparse, updater);
        }
    }

    @Test
    void doubleNetworkStepsEqualDl4jsDenseStepExactly() {
        compareSteps(graph(new Adam(0.01), DataType.DOUBLE), graph(new Adam(0.01), DataType.DOUBLE), new Adam(0.01));
    }

    private static void compareSteps(ComputationGraph plain, ComputationGraph sparse, IUpdater updater) {
        RowSparseStep step = RowSparseStep.attach(sparse);
        assertSame(step, sparse.getOptimizer().getGradientsAccumulator());
        assertEquals(2, step.denseRangeCount(), "dense layers lie before and after the tables: " + step);
        Random random = new Random(3);
        for (int s = 0; s < 6; s++) {
            MultiDataSet batch = batch(random);
            plain.fit(batch);
            sparse.fit(batch);
            assertArrayEquals(plain.params().data().asDouble(), sparse.params().data().asDouble(),
                    updater + " step " + s);
        }
        if (updater instanceof Adam) {
            assertArrayEquals(plain.getUpdater().getStateViewArray().data().asDouble(),
                    sparse.getUpdater().getStateViewArray().data().asDouble(), "Adam's moments");
        }
    }

    @Test
    void multiLayerNetworkStepsEqualDl4jsDenseStepExactly() {
        compareNetworkSteps(SIZES_A, BATCH, 4);
    }

    /**
     * Tables of 72 MB, more than a cache holds, whose rows the layer, the lazy Adam and the step prefetch in blocks:
     * batches of 300 look up several blocks of rows per step.
     */
    @Test
    void tablesLargerThanACacheStepEqualDl4jsDenseStepExactly() {
        compareNetworkSteps(new long[]{3_500_000, 2_500_000}, 300, 3);
    }

    private static void compareNetworkSteps(long[] sizes, int batchSize, int steps) {
        MultiLayerNetwork plain = network(sizes);
        MultiLayerNetwork sparse = network(sizes);
        RowSparseStep.attach(sparse);
        Random random = new Random(5);
        for (int s = 0; s < steps; s++) {
            DataSet batch = new DataSet(ids(random, sizes, batchSize), Nd4j.rand(DataType.FLOAT, batchSize, 2));
            plain.fit(batch);
            sparse.fit(batch);
            assertArrayEquals(plain.params().data().asFloat(), sparse.params().data().asFloat(), "step " + s);
        }
    }

    /** A value left in the update of a row the batch did not look up (impossible in training) is never read. */
    @Test
    void stepReadsOnlyTheLookedUpRowsOfTheTables() {
        ComputationGraph graph = graph(new Sgd(0.1));
        RowSparseStep step = RowSparseStep.attach(graph);
        INDArray ids = Nd4j.createFromArray(new float[][]{{1, 2}, {1, 3}, {4, 2}, {1, 2}, {4, 3}});
        INDArray moreIds = Nd4j.createFromArray(new float[][]{{7}, {7}, {7}, {7}, {7}});
        graph.fit(new MultiDataSet(new INDArray[]{Nd4j.rand(DataType.FLOAT, BATCH, DENSE_INPUTS), ids, moreIds},
                new INDArray[]{Nd4j.rand(DataType.FLOAT, BATCH, 2)}));
        // Row 0 of table a's first table was not looked up: its update is poisoned.
        graph.getLayer("a").getGradientsViewArray().reshape(-1).get(NDArrayIndex.interval(0, DIM)).assign(Float.NaN);
        INDArray updates = graph.getGradientsViewArray().dup();
        BooleanIndexing.replaceWhere(updates, 0.0, Conditions.isNan());
        INDArray expected = graph.params().dup().subi(updates.reshape(graph.params().shape()));

        step.applyUpdate(new NegativeGradientStepFunction(), graph.params(), graph.getGradientsViewArray(), true);

        assertArrayEquals(expected.data().asFloat(), graph.params().data().asFloat());
        assertTrue(updates.neq(0).castTo(DataType.INT32).sumNumber().intValue() > 0, "the step moved something");
    }

    @Test
    void restoredOrClonedNetworkReattachedContinuesToTheSameNumbers(@TempDir File dir) throws Exception {
        ComputationGraph plain = graph(new Adam(0.01));
        ComputationGraph sparse = attachedGraph(new Adam(0.01));
        Random random = new Random(11);
        MultiDataSet[] batches = new MultiDataSet[6];
        for (int s = 0; s < batches.length; s++) {
            batches[s] = batch(random);
        }
        for (int s = 0; s < 3; s++) {
            plain.fit(batches[s]);
            sparse.fit(batches[s]);
        }
        File file = new File(dir, "model.zip");
        ModelSerializer.writeModel(sparse, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        ComputationGraph restoredDense = ModelSerializer.restoreComputationGraph(file, true);
        RowSparseStep.attach(restored);
        ComputationGraph cloned = sparse.clone();
        assertNull(cloned.getOptimizer().getGradientsAccumulator(), "a clone steps densely until attached");
        RowSparseStep.attach(cloned);
        // DL4J's clone() starts counting iterations again, which restarts Adam's bias correction
        cloned.getConfiguration().setIterationCount(sparse.getConfiguration().getIterationCount());
        for (int s = 3; s < batches.length; s++) {
            plain.fit(batches[s]);
            restored.fit(batches[s]);
            restoredDense.fit(batches[s]);
            cloned.fit(batches[s]);
        }
        assertArrayEquals(plain.params().data().asFloat(), restored.params().data().asFloat());
        assertArrayEquals(plain.params().data().asFloat(), restoredDense.params().data().asFloat());
        assertArrayEquals(plain.params().data().asFloat(), cloned.params().data().asFloat());
    }

    @Test
    void misuseIsRefusedWithAClearError() {
        ComputationGraph noTables = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("x").addLayer("out", output(), "x").setOutputs("out")
                .setInputTypes(InputType.feedForward(3)).build());
        String message = assertThrows(IllegalArgumentException.class, () -> RowSparseStep.attach(noTables))
                .getMessage();
        assertTrue(message.contains("no EmbeddingCollection"), message);

        ComputationGraph lbfgs = new ComputationGraph(base(new Sgd(0.1))
                .optimizationAlgo(OptimizationAlgorithm.LBFGS).graphBuilder().addInputs("ids")
                .addLayer("a", collection(SIZES_A), "ids").addLayer("out", output(), "a").setOutputs("out")
                .setInputTypes(InputType.feedForward(SIZES_A.length)).build());
        message = assertThrows(IllegalStateException.class, () -> RowSparseStep.attach(lbfgs)).getMessage();
        assertTrue(message.contains("LBFGS"), message);

        ComputationGraph otherStep = new ComputationGraph(base(new Sgd(0.1))
                .stepFunction(new DefaultStepFunction()).graphBuilder().addInputs("ids")
                .addLayer("a", collection(SIZES_A), "ids").addLayer("out", output(), "a").setOutputs("out")
                .setInputTypes(InputType.feedForward(SIZES_A.length)).build());
        message = assertThrows(IllegalStateException.class, () -> RowSparseStep.attach(otherStep)).getMessage();
        assertTrue(message.contains("step function"), message);

        RowSparseStep step = RowSparseStep.attach(graph(new Sgd(0.1)));
        INDArray wrong = Nd4j.zeros(DataType.FLOAT, 7);
        message = assertThrows(IllegalArgumentException.class,
                () -> step.applyUpdate(new NegativeGradientStepFunction(), wrong, wrong, true)).getMessage();
        assertTrue(message.contains("parameters of the network it is attached to"), message);
        assertThrows(UnsupportedOperationException.class, () -> step.receiveUpdate(wrong));
    }

    // ------------------------------------------------------------------ models and data

    /** Dense inputs through a layer, two collections (three tables), merged into a layer and the output. */
    private static ComputationGraph graph(IUpdater updater) {
        return graph(updater, DataType.FLOAT);
    }

    private static ComputationGraph graph(IUpdater updater, DataType dataType) {
        ComputationGraph graph = new ComputationGraph(configuration(updater, dataType));
        graph.init();
        return graph;
    }

    /** Set up as docs/performance.md shows. */
    private static ComputationGraph attachedGraph(IUpdater updater) {
        ComputationGraphConfiguration conf = configuration(updater, DataType.FLOAT);
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        RowSparseStep.attach(graph);   // not saved with the model: attach again after a restore or clone()
        return graph;
    }

    private static ComputationGraphConfiguration configuration(IUpdater updater, DataType dataType) {
        return base(updater).dataType(dataType).graphBuilder()
                .addInputs("x", "ids", "moreIds")
                .addLayer("bottom", new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build(), "x")
                .addLayer("a", collection(SIZES_A), "ids")
                .addLayer("b", collection(SIZES_B), "moreIds")
                .addVertex("merge", new MergeVertex(), "bottom", "a", "b")
                .addLayer("top", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "merge")
                .addLayer("out", output(), "top")
                .setOutputs("out")
                .setInputTypes(InputType.feedForward(DENSE_INPUTS), InputType.feedForward(SIZES_A.length),
                        InputType.feedForward(SIZES_B.length))
                .build();
    }

    private static MultiLayerNetwork network(long[] sizes) {
        MultiLayerConfiguration conf = base(new Adam(0.02)).list()
                .layer(collection(sizes))
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build())
                .layer(output())
                .setInputType(InputType.feedForward(sizes.length))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static NeuralNetConfiguration.Builder base(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(updater);
    }

    private static EmbeddingCollection collection(long[] sizes) {
        EmbeddingCollection.Builder builder = new EmbeddingCollection.Builder().embeddingDim(DIM)
                .output(EmbeddingCollection.Output.CONCATENATED);
        for (int f = 0; f < sizes.length; f++) {
            builder.feature("f" + f, sizes[f]);
        }
        return builder.build();
    }

    private static OutputLayer output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.SIGMOID).build();
    }

    private static MultiDataSet batch(Random random) {
        return new MultiDataSet(new INDArray[]{Nd4j.rand(DataType.FLOAT, BATCH, DENSE_INPUTS), ids(random, SIZES_A),
                ids(random, SIZES_B)}, new INDArray[]{Nd4j.rand(DataType.FLOAT, BATCH, 2)});
    }

    /** Few ids per table in a batch, so most rows are not looked up. */
    private static INDArray ids(Random random, long[] sizes) {
        return ids(random, sizes, BATCH);
    }

    private static INDArray ids(Random random, long[] sizes, int batchSize) {
        float[][] ids = new float[batchSize][sizes.length];
        for (int b = 0; b < batchSize; b++) {
            for (int f = 0; f < sizes.length; f++) {
                ids[b][f] = random.nextInt((int) sizes[f]);
            }
        }
        return Nd4j.createFromArray(ids);
    }
}
