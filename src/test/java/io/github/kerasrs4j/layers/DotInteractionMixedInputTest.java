package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.BitForBit;
import io.github.kerasrs4j.testing.DoublePrecision;
import io.github.kerasrs4j.testing.TestGraphs;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DotInteraction over a mix of [batch, D] inputs and stacked [batch, k, D] ones computes what it computes
 * over all the features merged and stacked into one input, forward and backward, and its gradients pass a
 * finite-difference check with trainable layers before the vertex; bad mixes are named.
 */
class DotInteractionMixedInputTest {

    private static final int STACKED = 3;
    private static final int DIM = 4;
    private static final int BATCH = 5;

    static Stream<Arguments> flags() {
        return Stream.of(DataType.FLOAT, DataType.DOUBLE).flatMap(dt -> Stream.of(
                Arguments.of(dt, false, false), Arguments.of(dt, true, false),
                Arguments.of(dt, false, true), Arguments.of(dt, true, true)));
    }

    @ParameterizedTest(name = "{0} self={1} skip={2}")
    @MethodSource("flags")
    void mixedInputsEqualTheMergedAndStackedForm(DataType dataType, boolean self, boolean skip) {
        ComputationGraph merged = TestGraphs.mixedFeatures(new DotInteraction(self, skip), true, STACKED, DIM, dataType,
                new NoOp(), 5);
        ComputationGraph mixed = TestGraphs.mixedFeatures(new DotInteraction(self, skip), false, STACKED, DIM, dataType,
                new NoOp(), 6);
        for (GraphVertex vertex : merged.getVertices()) {
            if (vertex.numParams() > 0) {
                Map<String, INDArray> copies = mixed.getVertex(vertex.getVertexName()).paramTable(false);
                vertex.paramTable(false).forEach((key, value) -> copies.get(key).assign(value));
            }
        }
        INDArray[] inputs = inputs(dataType);
        INDArray[] labels = {Nd4j.rand(dataType, BATCH, TestGraphs.OUT)};
        BitForBit.assertSameArray(merged.output(inputs)[0], mixed.output(inputs)[0], "output");
        BitForBit.assertSameGradients(merged, mixed, inputs, labels, "mixed against merged");
    }

    /** In double precision, as GradientCheckUtil demands; the setting is JVM-global, so only for this class. */
    @Nested
    @ExtendWith(DoublePrecision.class)
    class GradientCheck {

        @ParameterizedTest(name = "self={0} skip={1}")
        @CsvSource({"false, false", "true, false", "false, true", "true, true"})
        void gradientsOfMixedInputsPassTheFiniteDifferenceCheck(boolean self, boolean skip) {
            ComputationGraph graph = TestGraphs.mixedFeatures(new DotInteraction(self, skip), false, STACKED, DIM,
                    DataType.DOUBLE, new NoOp(), 11);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(inputs(DataType.DOUBLE))
                    .labels(new INDArray[]{Nd4j.rand(DataType.DOUBLE, BATCH, TestGraphs.OUT)})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertTrue(ok, "gradient check failed for mixed inputs, self=" + self + " skip=" + skip);
        }
    }

    @Test
    void aStackedInputBesideOthersMustBeNwcWithTheSameD() {
        DotInteraction ncw = new DotInteraction();
        InvalidInputTypeException e = assertThrows(InvalidInputTypeException.class, () -> ncw.getOutputType(-1,
                InputType.feedForward(DIM), InputType.recurrent(DIM, STACKED, RNNFormat.NWC)));
        assertTrue(e.getMessage().contains("input 1") && e.getMessage().contains("stackedInputFormat(RNNFormat.NWC)"),
                e.getMessage());

        DotInteraction nwc = DotInteraction.builder().stackedInputFormat(RNNFormat.NWC).build();
        assertEquals(InputType.feedForward(10), nwc.getOutputType(-1, InputType.feedForward(DIM),
                InputType.recurrent(DIM, STACKED, RNNFormat.NWC), InputType.feedForward(DIM)), "5 features, 10 pairs");
        e = assertThrows(InvalidInputTypeException.class, () -> nwc.getOutputType(-1, InputType.feedForward(DIM),
                InputType.recurrent(DIM, STACKED, RNNFormat.NCW)));
        assertTrue(e.getMessage().contains("input 1") && e.getMessage().contains("NWC"), e.getMessage());
        e = assertThrows(InvalidInputTypeException.class, () -> nwc.getOutputType(-1, InputType.feedForward(DIM),
                InputType.recurrent(DIM + 1, STACKED, RNNFormat.NWC)));
        assertTrue(e.getMessage().contains("input 1") && e.getMessage().contains("same size D"), e.getMessage());
        e = assertThrows(InvalidInputTypeException.class, () -> nwc.getOutputType(-1, InputType.feedForward(DIM),
                InputType.recurrent(DIM, -1, RNNFormat.NWC)));
        assertTrue(e.getMessage().contains("input 1") && e.getMessage().contains("number of features"), e.getMessage());
    }

    @Test
    void badMixedArraysAreNamedAtRunTime() {
        ComputationGraph graph = TestGraphs.mixedFeatures(new DotInteraction(), false, STACKED, DIM, DataType.FLOAT,
                new NoOp(), 1);
        DotInteraction nwc = DotInteraction.builder().stackedInputFormat(RNNFormat.NWC).build();
        GraphVertex vertex = nwc.instantiate(graph, "interaction", 0, null, false,
                DataType.FLOAT);
        assertRejected(vertex, "input 1", "[5, 3, 5]", Nd4j.rand(DataType.FLOAT, BATCH, DIM),
                Nd4j.rand(DataType.FLOAT, BATCH, STACKED, DIM + 1));
        assertRejected(vertex, "input 1", "[4, 3, 4]", Nd4j.rand(DataType.FLOAT, BATCH, DIM),
                Nd4j.rand(DataType.FLOAT, BATCH - 1, STACKED, DIM));
        assertRejected(vertex, "input 0", "rank 4", Nd4j.rand(DataType.FLOAT, BATCH, 1, STACKED, DIM),
                Nd4j.rand(DataType.FLOAT, BATCH, DIM));
        GraphVertex ncw = new DotInteraction().instantiate(graph, "interaction", 0, null, false, DataType.FLOAT);
        assertRejected(ncw, "input 1", "stackedInputFormat(RNNFormat.NWC)", Nd4j.rand(DataType.FLOAT, BATCH, DIM),
                Nd4j.rand(DataType.FLOAT, BATCH, STACKED, DIM));
    }

    private static void assertRejected(GraphVertex vertex, String where, String what, INDArray... inputs) {
        vertex.setInputs(inputs);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vertex.doForward(false, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("'interaction'") && e.getMessage().contains(where)
                && e.getMessage().contains(what), e.getMessage());
    }

    private static INDArray[] inputs(DataType dataType) {
        Nd4j.getRandom().setSeed(3);
        return Stream.generate(() -> Nd4j.rand(dataType, BATCH, TestGraphs.DENSE_IN).subi(0.5)).limit(3)
                .toArray(INDArray[]::new);
    }
}
