package io.github.kerasrs4j.samples.dlrm;

import io.github.kerasrs4j.layers.FeatureCross;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DlrmGraphBuilderTest {

    private static final int VOCABULARY = 50;
    private static final int DIM = 4;
    private static final int CROSS_LAYERS = 2;
    private static final int FEATURES = 1 + CriteoRow.CATEGORICAL_FEATURES;   // bottom output + embeddings

    private final DlrmGraphBuilder builder = new DlrmGraphBuilder(VOCABULARY, DIM, 0.01, 3);

    @Test
    void dotGraphFeedsTheBottomOutputAndTheInteractionsToTheTopMlp() {
        ComputationGraph graph = builder.build(Interaction.DOT);
        assertArrayEquals(new long[]{VOCABULARY, DIM}, graph.getLayer("embedding_C26").getParam("W").shape(),
                "each embedding table has one row per vocabulary index");
        long interactions = (long) FEATURES * (FEATURES - 1) / 2;
        assertArrayEquals(new long[]{DIM + interactions, 128}, graph.getLayer("top_0").getParam("W").shape());
        assertClickProbabilities(graph);
    }

    @Test
    void baselineFeedsTheConcatenationToTheTopMlp() {
        ComputationGraph graph = builder.build(Interaction.CONCAT);
        assertArrayEquals(new long[]{(long) FEATURES * DIM, 128}, graph.getLayer("top_0").getParam("W").shape());
        assertClickProbabilities(graph);
    }

    @Test
    void dcnCrossesTheConcatenationInAStackOfFeatureCrossLayers() {
        ComputationGraph graph = builder.build(Interaction.CROSS);
        long width = (long) FEATURES * DIM;
        assertEquals(List.of("top_in"), graph.getConfiguration().getVertexInputs().get("cross_0"));
        assertEquals(List.of("top_in", "cross_0"), graph.getConfiguration().getVertexInputs().get("cross_1"));
        assertArrayEquals(new long[]{width, width / 4},
                graph.getVertex("cross_1").paramTable(false).get(FeatureCross.DOWN_PROJECTION).shape());
        assertArrayEquals(new long[]{width, 128}, graph.getLayer("top_0").getParam("W").shape());
        long crossParams = CROSS_LAYERS * (2 * width * (width / 4) + width);
        assertEquals(builder.build(Interaction.CONCAT).params().length() + crossParams, graph.params().length());
        assertClickProbabilities(graph);
    }

    /** The collection form is the per-feature graph with its 26 tables in one layer: same weights, same output. */
    @Test
    void collectionFormComputesWhatThePerFeatureFormDoes() {
        for (Interaction interaction : Interaction.values()) {
            ComputationGraph perFeature = builder.build(interaction);
            ComputationGraph collection = new DlrmGraphBuilder(VOCABULARY, DIM, 0.01, 3, EmbeddingForm.COLLECTION)
                    .build(interaction);
            INDArray tables = collection.getParam("embeddings_W");
            assertArrayEquals(new long[]{(long) CriteoRow.CATEGORICAL_FEATURES * VOCABULARY, DIM}, tables.shape());
            INDArray[] perFeatureTables = new INDArray[CriteoRow.CATEGORICAL_FEATURES];
            for (int c = 0; c < perFeatureTables.length; c++) {
                perFeatureTables[c] = perFeature.getParam("embedding_C" + (c + 1) + "_W");
            }
            tables.assign(Nd4j.vstack(perFeatureTables));
            for (GraphVertex vertex : perFeature.getVertices()) {
                if (vertex.numParams() > 0 && !vertex.getVertexName().startsWith("embedding_")) {
                    Map<String, INDArray> copies = collection.getVertex(vertex.getVertexName()).paramTable(false);
                    vertex.paramTable(false).forEach((key, value) -> copies.get(key).assign(value));
                }
            }
            INDArray[] perFeatureInputs = inputs(DlrmGraphBuilder.inputNames().size());
            INDArray ids = Nd4j.hstack(java.util.Arrays.copyOfRange(perFeatureInputs, 1, perFeatureInputs.length));
            INDArray expected = perFeature.output(false, perFeatureInputs)[0];
            INDArray actual = collection.output(false, perFeatureInputs[0], ids)[0];
            assertTrue(expected.equalsWithEps(actual, 1e-6), interaction + ": " + expected + " vs " + actual);
        }
    }

    private static INDArray[] inputs(int count) {
        int batch = 5;
        INDArray[] inputs = new INDArray[count];
        inputs[0] = Nd4j.rand(DataType.FLOAT, batch, CriteoRow.DENSE_FEATURES);
        for (int i = 1; i < inputs.length; i++) {
            inputs[i] = Nd4j.createFromArray(new float[][]{{0}, {1}, {(7 * i) % VOCABULARY}, {VOCABULARY - 1}, {i}});
        }
        return inputs;
    }

    private static void assertClickProbabilities(ComputationGraph graph) {
        int batch = 5;
        INDArray[] inputs = new INDArray[DlrmGraphBuilder.inputNames().size()];
        inputs[0] = Nd4j.rand(DataType.FLOAT, batch, CriteoRow.DENSE_FEATURES);
        for (int i = 1; i < inputs.length; i++) {
            inputs[i] = Nd4j.createFromArray(new float[][]{{0}, {1}, {7}, {VOCABULARY - 1}, {3}});
        }
        INDArray clicks = graph.output(false, inputs)[0];
        assertArrayEquals(new long[]{batch, 1}, clicks.shape());
        assertTrue(clicks.minNumber().doubleValue() > 0 && clicks.maxNumber().doubleValue() < 1, clicks.toString());
    }
}
