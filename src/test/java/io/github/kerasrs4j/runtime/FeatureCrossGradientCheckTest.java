package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.FeatureCross;
import io.github.kerasrs4j.testing.DoublePrecision;
import io.github.kerasrs4j.testing.TestGraphs;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite differences against backprop, in double precision, for every argument combination, with
 * trainable layers before the vertex: a wrong gradient for x0, x or any parameter fails these checks.
 */
@ExtendWith(DoublePrecision.class)
class FeatureCrossGradientCheckTest {

    private static final int BATCH = 3;
    private static final int DIM = 3;

    static Stream<Arguments> argumentCombinations() {
        return FeatureCrossArguments.combinations(2, 0.5, Activation.IDENTITY, Activation.TANH);
    }

    @ParameterizedTest(name = "projection={0} diag={1} bias={2} pre={3} inputs={4}")
    @MethodSource("argumentCombinations")
    void denseLayersBeforeAndAfter(Integer projection, double diagScale, boolean bias, Activation activation,
                                   int numInputs) {
        boolean twoInputs = numInputs == 2;
        FeatureCross cross = FeatureCross.builder().projectionDim(projection).diagScale(diagScale).useBias(bias)
                .preActivation(activation).biasInit(0.1).build();
        ComputationGraph graph = TestGraphs.crossFeatures(cross, twoInputs, DIM, DataType.DOUBLE, new NoOp(), 42);
        INDArray[] inputs = new INDArray[twoInputs ? 2 : 1];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = Nd4j.rand(DataType.DOUBLE, BATCH, TestGraphs.DENSE_IN).subi(0.5).muli(2);
        }
        assertGradientsMatch(graph, inputs);
    }

    /** DCN's stack: cross_1(x0, cross_0(x0)), low rank with diag_scale over a full-rank one. */
    @Test
    void stackOfCrossLayers() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder()
                .addInputs("in")
                .addLayer("x0", new DenseLayer.Builder().nIn(TestGraphs.DENSE_IN).nOut(DIM)
                        .activation(Activation.TANH).build(), "in")
                .addVertex("cross_0", new FeatureCross(), "x0")
                .addVertex("cross_1", FeatureCross.builder().projectionDim(2).diagScale(0.3).build(), "x0", "cross_0")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(TestGraphs.OUT)
                        .activation(Activation.IDENTITY).build(), "cross_1")
                .setOutputs("out")
                .setInputTypes(InputType.feedForward(TestGraphs.DENSE_IN))
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        assertGradientsMatch(graph, Nd4j.rand(DataType.DOUBLE, BATCH, TestGraphs.DENSE_IN).subi(0.5));
    }

    private static void assertGradientsMatch(ComputationGraph graph, INDArray... inputs) {
        INDArray labels = Nd4j.rand(DataType.DOUBLE, inputs[0].size(0), TestGraphs.OUT);
        // The head's own parameters are left out: only the vertex's and those before it depend on its gradients.
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(inputs).labels(new INDArray[]{labels}).excludeParams(Set.of("top_W", "top_b", "out_W", "out_b"))
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check failed for " + graph.getConfiguration().getVertices());
    }
}
