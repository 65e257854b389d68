package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** EmbeddingCollection trains as F DL4J EmbeddingLayers do, and lazily as a plain reference loop says. */
class EmbeddingCollectionTrainingTest {

    private static final long[] SIZES = {5, 6, 4};
    private static final int DIM = 3;
    private static final int BATCH = 6;
    private static final int STEPS = 4;

    @Test
    void sgdEqualsOneEmbeddingLayerPerFeatureStepForStep() {
        Random random = new Random(1);
        compareWithEmbeddingLayers(new Sgd(0.3), () -> randomIds(random, BATCH, SIZES));
    }

    /** With every row looked up in every step, lazy Adam and AdaGrad are DL4J's own Adam and AdaGrad. */
    @Test
    void adamAndAdaGradEqualDl4jWhenEveryRowIsLookedUp() {
        compareWithEmbeddingLayers(new Adam(0.05), EmbeddingCollectionTrainingTest::idsCoveringEveryRow);
        compareWithEmbeddingLayers(new AdaGrad(0.2), EmbeddingCollectionTrainingTest::idsCoveringEveryRow);
    }

    private static void compareWithEmbeddingLayers(IUpdater updater, java.util.function.Supplier<INDArray> batches) {
        ComputationGraph collection = collectionGraph(updater);
        ComputationGraph perFeature = perFeatureGraph(updater);
        INDArray tables = collection.getParam("embeddings_W");
        for (int f = 0; f < SIZES.length; f++) {
            perFeature.getParam("embedding" + f + "_W").assign(rowsOfFeature(tables, f));
        }
        perFeature.getParam("out_W").assign(collection.getParam("out_W"));
        perFeature.getParam("out_b").assign(collection.getParam("out_b"));
        for (int step = 0; step < STEPS; step++) {
            INDArray ids = batches.get();
            INDArray labels = Nd4j.rand(DataType.DOUBLE, BATCH, 2);
            collection.fit(new INDArray[]{ids}, new INDArray[]{labels});
            INDArray[] columns = new INDArray[SIZES.length];
            for (int f = 0; f < SIZES.length; f++) {
                columns[f] = ids.getColumn(f).reshape(BATCH, 1);
            }
            perFeature.fit(columns, new INDArray[]{labels});
            for (int f = 0; f < SIZES.length; f++) {
                assertArrayEquals(values(perFeature.getParam("embedding" + f + "_W")), values(rowsOfFeature(tables, f)),
                        1e-12, updater + " step " + step + " table " + f);
            }
            assertArrayEquals(values(perFeature.getParam("out_W")), values(collection.getParam("out_W")), 1e-12,
                    updater + " step " + step + " output layer");
            assertEquals(perFeature.score(), collection.score(), 1e-12);
        }
    }

    /** The elements in c order, whatever the array's own order. */
    private static double[] values(INDArray array) {
        return array.dup('c').data().asDouble();
    }

    private static INDArray rowsOfFeature(INDArray tables, int feature) {
        long offset = 0;
        for (int f = 0; f < feature; f++) {
            offset += SIZES[f];
        }
        return tables.get(NDArrayIndex.interval(offset, offset + SIZES[feature]), NDArrayIndex.all());
    }

    private static ComputationGraph collectionGraph(IUpdater updater) {
        EmbeddingCollection.Builder embeddings = new EmbeddingCollection.Builder().embeddingDim(DIM)
                .output(EmbeddingCollection.Output.CONCATENATED);
        for (int f = 0; f < SIZES.length; f++) {
            embeddings.feature("f" + f, SIZES[f]);
        }
        ComputationGraphConfiguration conf = base(updater).addInputs("ids")
                .addLayer("embeddings", embeddings.build(), "ids")
                .addLayer("out", output(), "embeddings")
                .setOutputs("out").setInputTypes(InputType.feedForward(SIZES.length)).build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static ComputationGraph perFeatureGraph(IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder b = base(updater);
        String[] embeddings = new String[SIZES.length];
        InputType[] types = new InputType[SIZES.length];
        for (int f = 0; f < SIZES.length; f++) {
            b.addInputs("ids" + f);
            embeddings[f] = "embedding" + f;
            b.addLayer(embeddings[f], new EmbeddingLayer.Builder().nIn(SIZES[f]).nOut(DIM).hasBias(false)
                    .activation(Activation.IDENTITY).build(), "ids" + f);
            types[f] = InputType.feedForward(SIZES[f]);
        }
        ComputationGraphConfiguration conf = b.addVertex("merge", new MergeVertex(), embeddings)
                .addLayer("out", output(), "merge").setOutputs("out").setInputTypes(types).build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static ComputationGraphConfiguration.GraphBuilder base(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).updater(updater).graphBuilder();
    }

    private static OutputLayer output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.TANH).build();
    }

    static INDArray randomIds(Random random, int batch, long[] sizes) {
        double[][] ids = new double[batch][sizes.length];
        for (int b = 0; b < batch; b++) {
            for (int f = 0; f < sizes.length; f++) {
                ids[b][f] = random.nextInt((int) sizes[f]);
            }
        }
        return Nd4j.createFromArray(ids);
    }

    /** BATCH ids per feature that include every row of its table (BATCH is at least every table's size). */
    private static INDArray idsCoveringEveryRow() {
        double[][] ids = new double[BATCH][SIZES.length];
        for (int b = 0; b < BATCH; b++) {
            for (int f = 0; f < SIZES.length; f++) {
                ids[b][f] = (b + f) % SIZES[f];
            }
        }
        return Nd4j.createFromArray(ids);
    }

    // ---------------------------------------------------------------- lazy updates against a reference loop

    @Test
    void lazyAdamMatchesReferenceLoop() {
        checkAgainstReference(new Adam(0.05, 0.9, 0.99, 1e-7));
    }

    @Test
    void lazyAdaGradMatchesReferenceLoop() {
        checkAgainstReference(new AdaGrad(0.3, 1e-6));
    }

    @Test
    void lazySgdMatchesReferenceLoop() {
        checkAgainstReference(new Sgd(0.4));
    }

    /**
     * Three features, two of them sharing a table of 9 rows, the third with 6; ids from a small range so some
     * rows are never looked up and others repeat within a batch. Loss: MSE of the concatenated embeddings.
     */
    private static void checkAgainstReference(IUpdater updater) {
        EmbeddingCollection layer = new EmbeddingCollection.Builder().embeddingDim(DIM)
                .output(EmbeddingCollection.Output.CONCATENATED)
                .table("shared", 9).feature("a", "shared").feature("b", "shared").feature("c", 6).build();
        ComputationGraph graph = new ComputationGraph(base(updater).addInputs("ids")
                .addLayer("embeddings", layer, "ids")
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .build(), "embeddings")
                .setOutputs("loss").setInputTypes(InputType.feedForward(3)).build());
        graph.init();
        int[] tableOfFeature = {0, 0, 1};
        int[] offset = {0, 9};
        int rows = 15;
        double[][] w = graph.getParam("embeddings_W").toDoubleMatrix();
        double[][] s1 = new double[rows][DIM];
        double[][] s2 = new double[rows][DIM];
        if (updater instanceof AdaGrad) {
            for (double[] r : s1) {
                java.util.Arrays.fill(r, ((AdaGrad) updater).getEpsilon());
            }
        }
        Random random = new Random(3);
        boolean[] everTouched = new boolean[rows];
        for (int step = 0; step < 6; step++) {
            INDArray ids = randomIds(random, BATCH, new long[]{4, 4, 3});   // rows 4-8 and 12-14 never looked up
            INDArray labels = Nd4j.rand(DataType.DOUBLE, BATCH, 3 * DIM);
            graph.fit(new INDArray[]{ids}, new INDArray[]{labels});

            double[][] g = new double[rows][DIM];
            boolean[] touched = new boolean[rows];
            for (int b = 0; b < BATCH; b++) {
                for (int f = 0; f < 3; f++) {
                    int row = offset[tableOfFeature[f]] + ids.getInt(b, f);
                    touched[row] = everTouched[row] = true;
                    for (int d = 0; d < DIM; d++) {
                        double out = w[row][d];
                        // d(MSE)/d(out) = 2 (out - label) / columns; DL4J averages over the minibatch
                        g[row][d] += 2 * (out - labels.getDouble(b, f * DIM + d)) / (3 * DIM) / BATCH;
                    }
                }
            }
            double lr = updater.getLearningRate(step, 0);
            for (int row = 0; row < rows; row++) {
                if (!touched[row]) {
                    continue;
                }
                for (int d = 0; d < DIM; d++) {
                    double grad = g[row][d];
                    double update;
                    if (updater instanceof Sgd) {
                        update = lr * grad;
                    } else if (updater instanceof AdaGrad) {
                        s1[row][d] += grad * grad;
                        update = lr * grad / (Math.sqrt(s1[row][d]) + ((AdaGrad) updater).getEpsilon());
                    } else {
                        Adam adam = (Adam) updater;
                        s1[row][d] = adam.getBeta1() * s1[row][d] + (1 - adam.getBeta1()) * grad;
                        s2[row][d] = adam.getBeta2() * s2[row][d] + (1 - adam.getBeta2()) * grad * grad;
                        double alpha = lr * Math.sqrt(1 - Math.pow(adam.getBeta2(), step + 1))
                                / (1 - Math.pow(adam.getBeta1(), step + 1));
                        update = alpha * s1[row][d] / (Math.sqrt(s2[row][d]) + adam.getEpsilon());
                    }
                    w[row][d] -= update;
                }
            }
            double[][] actual = graph.getParam("embeddings_W").toDoubleMatrix();
            for (int row = 0; row < rows; row++) {
                assertArrayEquals(w[row], actual[row], 1e-12, updater + " step " + step + " row " + row);
            }
        }
        assertEquals(false, everTouched[5] || everTouched[13], "the test must leave some rows untouched");
        if (!(updater instanceof Sgd)) {
            // the untouched rows' optimizer state never moved: checked through the saved updater state
            INDArray state = graph.getUpdater().getStateViewArray();
            assertEquals(updater instanceof AdaGrad ? ((AdaGrad) updater).getEpsilon() : 0.0,
                    state.getDouble(5L * DIM), 0.0);
        }
    }
}
