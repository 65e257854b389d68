package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.RoundTrips;
import io.github.kerasrs4j.testing.TestGraphs;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** The config survives JSON, YAML, clone, Java serialization and ModelSerializer. */
class DotInteractionSerializationTest {

    private static ComputationGraph denseGraph() {
        return TestGraphs.denseFeatures(new DotInteraction(true, false), 3, 4, DataType.FLOAT, new Adam(0.01), 1);
    }

    private static ComputationGraph stackedGraph() {
        return TestGraphs.stackedFeatures(new DotInteraction(false, true), 4, 6, 3, RNNFormat.NWC, DataType.FLOAT,
                new Adam(0.01), 2);
    }

    @Test
    void jsonAndYamlRoundTrips() {
        for (ComputationGraph graph : new ComputationGraph[]{denseGraph(), stackedGraph()}) {
            ComputationGraphConfiguration conf = graph.getConfiguration();
            assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
            assertEquals(conf, ComputationGraphConfiguration.fromYaml(conf.toYaml()));
            assertEquals(conf.getVertices().get("interaction"),
                    ComputationGraphConfiguration.fromJson(conf.toJson()).getVertices().get("interaction"));
        }
        ComputationGraphConfiguration stacked = stackedGraph().getConfiguration();
        DotInteraction restored = (DotInteraction) ComputationGraphConfiguration.fromJson(stacked.toJson())
                .getVertices().get("interaction");
        assertEquals(RNNFormat.NWC, restored.getStackedInputFormat(), "the stacked layout survives JSON");
    }

    @Test
    void cloneIsDeepAndEqual() {
        DotInteraction original = DotInteraction.builder().selfInteraction(true).skipGather(true)
                .stackedInputFormat(RNNFormat.NWC).build();
        DotInteraction copy = original.clone();
        assertEquals(original, copy);
        assertEquals(original.hashCode(), copy.hashCode());
        assertNotSame(original, copy);
        copy.setSkipGather(false);
        assertNotEquals(original, copy);
        assertEquals(true, original.isSkipGather());

        ComputationGraphConfiguration conf = denseGraph().getConfiguration();
        ComputationGraphConfiguration cloned = conf.clone();
        assertEquals(conf, cloned);
        assertNotSame(conf.getVertices().get("interaction"), cloned.getVertices().get("interaction"));
    }

    @Test
    void javaSerialization() throws Exception {
        ComputationGraphConfiguration conf = stackedGraph().getConfiguration();
        assertEquals(conf, RoundTrips.viaJavaSerialization(conf));
    }

    @Test
    void modelSerializerRestoresBitIdenticalOutputsAndKeepsTraining(@TempDir File dir) throws Exception {
        ComputationGraph graph = denseGraph();
        INDArray[] inputs = {Nd4j.rand(DataType.FLOAT, 6, 3), Nd4j.rand(DataType.FLOAT, 6, 3), Nd4j.rand(DataType.FLOAT, 6, 3)};
        MultiDataSet data = new MultiDataSet(inputs, new INDArray[]{Nd4j.rand(DataType.FLOAT, 6, TestGraphs.OUT)});
        graph.fit(data);   // so the updater has state worth saving

        ComputationGraph restored = RoundTrips.viaModelSerializer(graph, dir);
        RoundTrips.assertRestoredTrainsLikeOriginal(graph, restored, data);
    }
}
