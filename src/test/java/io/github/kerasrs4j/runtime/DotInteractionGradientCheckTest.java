package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.testing.DoublePrecision;
import io.github.kerasrs4j.testing.TestGraphs;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite differences against backprop, in double precision, with trainable layers before the
 * vertex: doubled (or otherwise wrong) gradients into earlier layers fail these checks.
 */
@ExtendWith(DoublePrecision.class)
class DotInteractionGradientCheckTest {

    private static final int BATCH = 3;
    private static final int DIM = 4;
    private static final int VOCAB = 6;

    static Stream<Arguments> flagsAndFeatureCounts() {
        return Stream.of(1, 2, 3, 5).flatMap(f -> Stream.of(
                        Arguments.of(f, false, false), Arguments.of(f, true, false),
                        Arguments.of(f, false, true), Arguments.of(f, true, true)))
                .filter(a -> !((int) a.get()[0] == 1 && !(boolean) a.get()[1] && !(boolean) a.get()[2]));
    }

    @ParameterizedTest(name = "F={0} self={1} skip={2}")
    @MethodSource("flagsAndFeatureCounts")
    void denseLayersBeforeAndAfter(int numFeatures, boolean self, boolean skip) {
        ComputationGraph graph = TestGraphs.denseFeatures(new DotInteraction(self, skip), numFeatures, DIM,
                DataType.DOUBLE, new NoOp(), 12345);
        INDArray[] inputs = IntStream.range(0, numFeatures)
                .mapToObj(i -> Nd4j.rand(DataType.DOUBLE, BATCH, TestGraphs.DENSE_IN).subi(0.5))
                .toArray(INDArray[]::new);
        assertGradientsMatch(graph, inputs);
    }

    @ParameterizedTest(name = "F={0} self={1} skip={2}")
    @MethodSource("flagsAndFeatureCounts")
    void embeddingLayersBefore(int numFeatures, boolean self, boolean skip) {
        ComputationGraph graph = TestGraphs.embeddingFeatures(new DotInteraction(self, skip), numFeatures, VOCAB,
                DIM, DataType.DOUBLE, new NoOp(), 777);
        INDArray[] ids = IntStream.range(0, numFeatures)
                .mapToObj(i -> Nd4j.createFromArray(new double[][]{{i % VOCAB}, {(i + 2) % VOCAB}, {(i + 5) % VOCAB}}))
                .toArray(INDArray[]::new);
        assertGradientsMatch(graph, ids);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RNNFormat.class)
    void stackedInputAfterEmbeddingSequence(RNNFormat format) {
        for (boolean self : new boolean[]{false, true}) {
            for (boolean skip : new boolean[]{false, true}) {
                ComputationGraph graph = TestGraphs.stackedFeatures(new DotInteraction(self, skip), 4, VOCAB, DIM,
                        format, DataType.DOUBLE, new NoOp(), 99);
                INDArray ids = Nd4j.createFromArray(new double[][]{{0, 1, 2, 3}, {5, 4, 3, 2}, {1, 1, 0, 5}});
                assertGradientsMatch(graph, ids);
            }
        }
    }

    private static void assertGradientsMatch(ComputationGraph graph, INDArray... inputs) {
        INDArray labels = Nd4j.rand(DataType.DOUBLE, inputs[0].size(0), TestGraphs.OUT);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(inputs).labels(new INDArray[]{labels})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check failed for " + graph.getConfiguration().getVertices().get("interaction"));
    }
}
