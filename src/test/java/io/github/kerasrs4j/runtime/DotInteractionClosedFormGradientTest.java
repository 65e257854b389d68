package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.testing.DoublePrecision;
import io.github.kerasrs4j.testing.TestGraphs;
import io.github.kerasrs4j.testing.VertexRunner;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input gradients against the closed form dX = (G + Gᵀ) X, and a guard against DL4J's doubling. */
@ExtendWith(DoublePrecision.class)
class DotInteractionClosedFormGradientTest {

    @ParameterizedTest(name = "F={0} D={1} self={2} skip={3}")
    @CsvSource({"4,3,false,false", "4,3,true,false", "4,3,false,true", "4,3,true,true", "1,5,true,false",
            "6,1,false,false"})
    void inputGradientsAreTheClosedForm(int f, int d, boolean self, boolean skip) {
        int batch = 3;
        INDArray[] features = IntStream.range(0, f).mapToObj(i -> Nd4j.randn(DataType.DOUBLE, batch, d))
                .toArray(INDArray[]::new);
        InteractionLayout layout = new InteractionLayout(f, self, skip);
        INDArray upstream = Nd4j.randn(DataType.DOUBLE, batch, layout.outputSize());

        VertexRunner runner = new VertexRunner(new DotInteraction(self, skip), DataType.DOUBLE, f);
        runner.forward(features);
        INDArray[] grads = runner.backward(upstream);

        for (int b = 0; b < batch; b++) {
            double[][] g = scatter(layout, upstream, b);
            for (int i = 0; i < f; i++) {
                for (int k = 0; k < d; k++) {
                    double expected = 0;   // dX[i] = sum_j (G[i][j] + G[j][i]) X[j]
                    for (int j = 0; j < f; j++) {
                        expected += (g[i][j] + g[j][i]) * features[j].getDouble(b, k);
                    }
                    assertEquals(expected, grads[i].getDouble(b, k), 1e-12, "dX[" + b + "," + i + "," + k + "]");
                }
            }
        }
    }

    /** G for one example: the upstream gradient placed where its output column came from in Z, zero elsewhere. */
    private static double[][] scatter(InteractionLayout layout, INDArray upstream, int example) {
        int f = layout.numFeatures();
        double[][] g = new double[f][f];
        for (int i = 0; i < f; i++) {
            for (int j = 0; j < layout.rowLength(i); j++) {
                long column = layout.skipGather() ? (long) i * f + j : layout.rowStart(i) + j;
                g[i][j] = upstream.getDouble(example, column);
            }
        }
        return g;
    }

    /**
     * DL4J's stock SameDiff vertices pass earlier layers exactly twice the gradient. Compare the
     * backprop gradient of a Dense layer BEFORE the vertex with central differences of the score.
     */
    @Test
    void gradientIntoEarlierLayersIsNotDoubled() {
        ComputationGraph graph = TestGraphs.denseFeatures(new DotInteraction(), 3, 4, DataType.DOUBLE, new NoOp(), 42);
        INDArray[] inputs = IntStream.range(0, 3).mapToObj(i -> Nd4j.randn(DataType.DOUBLE, 5, TestGraphs.DENSE_IN))
                .toArray(INDArray[]::new);
        MultiDataSet data = new MultiDataSet(inputs, new INDArray[]{Nd4j.randn(DataType.DOUBLE, 5, TestGraphs.OUT)});

        graph.setInputs(inputs);
        graph.setLabels(data.getLabels());
        graph.computeGradientAndScore();
        INDArray weights = graph.getParam("dense0_W");
        INDArray backprop = graph.gradient().getGradientFor("dense0_W").dup();

        double h = 1e-6;
        for (long[] at : new long[][]{{0, 0}, {1, 2}, {2, 3}}) {
            double original = weights.getDouble(at);
            weights.putScalar(at, original + h);
            double plus = graph.score(data);
            weights.putScalar(at, original - h);
            double minus = graph.score(data);
            weights.putScalar(at, original);
            // DL4J's score is the minibatch mean; its raw gradients are sums (the updater divides later).
            double numeric = (plus - minus) / (2 * h) * inputs[0].size(0);
            double ratio = backprop.getDouble(at) / numeric;
            assertTrue(Math.abs(ratio - 1) < 1e-4, "backprop/numeric gradient ratio for dense0_W" + java.util.Arrays.toString(at)
                    + " is " + ratio + (Math.abs(ratio - 2) < 1e-3 ? ": the SameDiff external-errors doubling is back" : ""));
        }
    }
}
