package io.github.kerasrs4j.samples.movielens;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovieLensGraphBuilderTest {

    private static final double LEARNING_RATE = 1e-2;
    private static final double WEIGHT_DECAY = 0.004;
    private static final double BETA_1 = 0.9;
    private static final double BETA_2 = 0.999;

    @Test
    void movieLens100KsVocabulariesGiveTheExamplesParameterCount() {
        // 1,682 movies, 943 users, 2 genders, 7 age buckets, 795 zip codes, 21 occupations, each + 1 OOV row
        int[] tableRows = {1683, 944, 3, 8, 796, 22};
        ComputationGraph graph = new MovieLensGraphBuilder(tableRows, 8, LEARNING_RATE, WEIGHT_DECAY, 1).build();
        long embeddings = 3456L * 8;
        long deep = (15 * 192 + 192) + 2 * (192 * 192 + 192) + (192 + 1);
        assertEquals(embeddings + deep, graph.numParams());
        assertEquals(105_025, graph.numParams());
        assertArrayEquals(new long[]{4, 1}, graph.output(batch(tableRows, 4, new Random(3)).getFeatures())[0].shape());
    }

    /**
     * Three training steps against Keras's AdamW written out by hand (keras.optimizers.AdamW: decay every
     * variable by lr * weight_decay, then Adam with epsilon 1e-7 outside the square root), on the gradients DL4J
     * computes: DL4J's Adam plus WeightDecay(applyLR) must be that optimizer, biases and embeddings included.
     * (A decay applied twice, or as L2 before Adam, misses by far more than float rounding.)
     */
    @Test
    void aTrainingStepIsKerasAdamW() {
        int[] tableRows = {5, 4, 3, 3, 4, 3};
        ComputationGraph graph = new MovieLensGraphBuilder(tableRows, 4, LEARNING_RATE, WEIGHT_DECAY, 7).build();
        MultiDataSet batch = batch(tableRows, 16, new Random(11));
        double[] p = graph.params().toDoubleVector();
        double[] m = new double[p.length], v = new double[p.length];
        for (int t = 1; t <= 3; t++) {
            double[] g = meanGradient(graph, batch);
            double alpha = LEARNING_RATE * Math.sqrt(1 - Math.pow(BETA_2, t)) / (1 - Math.pow(BETA_1, t));
            for (int i = 0; i < p.length; i++) {
                p[i] -= p[i] * WEIGHT_DECAY * LEARNING_RATE;
                m[i] += (g[i] - m[i]) * (1 - BETA_1);
                v[i] += (g[i] * g[i] - v[i]) * (1 - BETA_2);
                p[i] -= alpha * m[i] / (Math.sqrt(v[i]) + MovieLensGraphBuilder.KERAS_EPSILON);
            }
            graph.fit(batch);
            double[] actual = graph.params().toDoubleVector();
            for (int i = 0; i < p.length; i++) {
                assertEquals(p[i], actual[i], 5e-7, "step " + t + ", parameter " + i);
            }
        }
    }

    /**
     * Three steps of real Keras (keras3-movielens-steps: the example's model and AdamW on the JAX backend the
     * example sets), from Keras's initial weights over the same batches: DL4J must give the same losses and
     * weights, to float rounding (here within 2.6e-6 of steps of 0.03; the third loss within 1.1e-5 of itself).
     * Twice the decay, or none, misses the weights by 3e-5 to 8e-5 and the losses by 1e-4.
     * (On TensorFlow, Keras's Adam squares each row of an embedding's sparse gradient before summing repeated
     * ids, a different update: the sample follows the example's backend.)
     */
    @Test
    void threeStepsAreKerasOnJax() {
        int[] tableRows = {41, 29, 3, 8, 17, 22};
        ComputationGraph graph = new MovieLensGraphBuilder(tableRows, 8, LEARNING_RATE, WEIGHT_DECAY, 7).build();
        for (String[] p : KERAS_PARAMETERS) {
            INDArray value = kerasArray("init_" + p[2]);
            graph.getLayer(p[0]).setParam(p[1], value.reshape(graph.getLayer(p[0]).getParam(p[1]).shape()));
        }
        float[][] x = kerasArray("x").toFloatMatrix();
        int[][] ids = new int[x.length][];
        for (int r = 0; r < x.length; r++) {
            ids[r] = new int[x[r].length];
            for (int f = 0; f < x[r].length; f++) {
                ids[r][f] = (int) x[r][f];
            }
        }
        List<MultiDataSet> batches = new EncodedRatings(ids, kerasArray("y").toFloatVector()).batches(512);
        double[] kerasLosses = kerasArray("losses").toDoubleVector();
        assertEquals(kerasLosses.length, batches.size());
        for (int s = 0; s < batches.size(); s++) {
            double decayTerm = graph.calcRegularizationScore(true);
            graph.fit(batches.get(s));
            assertEquals(kerasLosses[s], graph.score() - decayTerm, 3e-5 * kerasLosses[s], "loss of step " + (s + 1));
        }
        for (String[] p : KERAS_PARAMETERS) {
            INDArray keras = kerasArray("final_" + p[2]);
            INDArray dl4j = graph.getLayer(p[0]).getParam(p[1]);
            double error = dl4j.reshape(keras.shape()).sub(keras).amaxNumber().doubleValue();
            assertTrue(error < 1e-5, p[0] + " " + p[1] + " after 3 steps: max |DL4J - Keras| " + error);
        }
    }

    /** The graph's layer, its parameter and the Keras variable's file name, for every variable of the model. */
    private static final List<String[]> KERAS_PARAMETERS = kerasParameters();

    private static List<String[]> kerasParameters() {
        List<String[]> parameters = new java.util.ArrayList<>();
        for (int f = 0; f < MovieLensFeatures.NAMES.size(); f++) {
            parameters.add(new String[]{"embedding_" + MovieLensFeatures.NAMES.get(f), "W", "emb" + f});
        }
        String[] dense = {"dense_0", "dense_1", "dense_2", "rating"};
        for (int i = 0; i < dense.length; i++) {
            parameters.add(new String[]{dense[i], "W", "dense" + i + "_W"});
            parameters.add(new String[]{dense[i], "b", "dense" + i + "_b"});
        }
        return parameters;
    }

    private static INDArray kerasArray(String name) {
        try {
            java.net.URL url = MovieLensGraphBuilderTest.class.getResource("/keras3-movielens-steps/" + name + ".npy");
            return Nd4j.createFromNpyFile(new java.io.File(url.toURI())).castTo(DataType.FLOAT);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gradient of the batch's mean loss at the graph's parameters, from a copy the step does not touch. */
    private static double[] meanGradient(ComputationGraph graph, MultiDataSet batch) {
        ComputationGraph probe = graph.clone();
        probe.setInputs(batch.getFeatures());
        probe.setLabels(batch.getLabels());
        probe.computeGradientAndScore();
        // DL4J's loss gradient is the batch's sum; its updater divides by the batch size
        INDArray sum = probe.gradient().gradient();
        double[] g = sum.toDoubleVector();
        long rows = batch.getLabels(0).size(0);
        for (int i = 0; i < g.length; i++) {
            g[i] /= rows;
        }
        assertTrue(sum.length() == graph.numParams(), "one gradient per parameter");
        return g;
    }

    private static MultiDataSet batch(int[] tableRows, int rows, Random random) {
        int[][] ids = new int[rows][tableRows.length];
        float[] labels = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < tableRows.length; f++) {
                ids[r][f] = random.nextInt(tableRows[f]);
            }
            labels[r] = 1 + random.nextInt(5);
        }
        List<MultiDataSet> batches = new EncodedRatings(ids, labels).batches(rows);
        return batches.get(0);
    }
}
