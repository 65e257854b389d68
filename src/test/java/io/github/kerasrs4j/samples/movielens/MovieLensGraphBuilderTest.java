package io.github.kerasrs4j.samples.movielens;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

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
