package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.RoundTrips;
import io.github.kerasrs4j.testing.TestGraphs;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;

import java.io.File;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config survives JSON, YAML, clone, Java serialization and ModelSerializer; the graph's updater applies. */
class FeatureCrossSerializationTest {

    private static FeatureCross lowRank() {
        return FeatureCross.builder().projectionDim(2).diagScale(0.25).preActivation(Activation.TANH).biasInit(0.1)
                .kernelRegularization(new L2Regularization(1e-3)).build();
    }

    private static ComputationGraph graph() {
        return TestGraphs.crossFeatures(lowRank(), true, 4, DataType.FLOAT, new Adam(0.01), 3);
    }

    @Test
    void jsonAndYamlRoundTrips() {
        ComputationGraphConfiguration conf = graph().getConfiguration();
        ComputationGraphConfiguration fromJson = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, fromJson);
        assertEquals(conf, ComputationGraphConfiguration.fromYaml(conf.toYaml()));
        FeatureCross cross = (FeatureCross) fromJson.getVertices().get("cross");
        assertEquals(conf.getVertices().get("cross"), cross);
        assertEquals(4, cross.getInputSize(), "d comes from the InputType");
        assertEquals(new Adam(0.01), cross.getUpdater(), "the graph's updater applies to the vertex");
    }

    @Test
    void cloneIsDeepAndEqual() {
        FeatureCross original = lowRank();
        FeatureCross copy = original.clone();
        assertEquals(original, copy);
        assertEquals(original.hashCode(), copy.hashCode());
        assertNotSame(original.getKernelRegularization(), copy.getKernelRegularization());
        copy.setDiagScale(0);
        assertNotEquals(original, copy);
        assertEquals(0.25, original.getDiagScale());

        ComputationGraphConfiguration conf = graph().getConfiguration();
        ComputationGraphConfiguration cloned = conf.clone();
        assertEquals(conf, cloned);
        assertNotSame(conf.getVertices().get("cross"), cloned.getVertices().get("cross"));
    }

    @Test
    void javaSerialization() throws Exception {
        ComputationGraphConfiguration conf = graph().getConfiguration();
        assertEquals(conf, RoundTrips.viaJavaSerialization(conf));
    }

    @Test
    void modelSerializerRestoresBitIdenticalOutputsAndKeepsTraining(@TempDir File dir) throws Exception {
        ComputationGraph graph = graph();
        INDArray[] inputs = {Nd4j.rand(DataType.FLOAT, 6, 3), Nd4j.rand(DataType.FLOAT, 6, 3)};
        MultiDataSet data = new MultiDataSet(inputs, new INDArray[]{Nd4j.rand(DataType.FLOAT, 6, TestGraphs.OUT)});
        INDArray crossBefore = graph.getVertex("cross").params().dup();
        graph.fit(data);
        assertNotEquals(crossBefore, graph.getVertex("cross").params(), "training updates the vertex's parameters");

        ComputationGraph restored = RoundTrips.viaModelSerializer(graph, dir);
        assertEquals(graph.getVertex("cross").params(), restored.getVertex("cross").params());
        RoundTrips.assertRestoredTrainsLikeOriginal(graph, restored, data);
    }

    @Test
    void kernelRegularizationReachesTheKernelsOnly() {
        double learningRate = 0.1;
        ComputationGraph regularized = TestGraphs.crossFeatures(lowRank(), false, 4, DataType.DOUBLE,
                new Sgd(learningRate), 5);
        FeatureCross plain = lowRank();
        plain.setRegularization(null);
        ComputationGraph unregularized = TestGraphs.crossFeatures(plain, false, 4, DataType.DOUBLE,
                new Sgd(learningRate), 5);
        assertEquals(regularized.params(), unregularized.params());
        Map<String, INDArray> before = copy(regularized.getVertex("cross").paramTable(false));

        MultiDataSet data = new MultiDataSet(new INDArray[]{Nd4j.rand(DataType.DOUBLE, 4, 3)},
                new INDArray[]{Nd4j.rand(DataType.DOUBLE, 4, TestGraphs.OUT)});
        regularized.fit(data);
        unregularized.fit(data);

        // L2Regularization(c) before SGD adds lr * c * w to each kernel's step, and nothing to the bias's.
        Map<String, INDArray> withL2 = regularized.getVertex("cross").paramTable(false);
        Map<String, INDArray> without = unregularized.getVertex("cross").paramTable(false);
        for (String kernel : new String[]{FeatureCross.DOWN_PROJECTION, FeatureCross.UP_PROJECTION}) {
            INDArray expected = before.get(kernel).mul(-learningRate * 1e-3);
            assertTrue(expected.equalsWithEps(withL2.get(kernel).sub(without.get(kernel)), 1e-12), kernel);
        }
        assertEquals(without.get(FeatureCross.BIAS), withL2.get(FeatureCross.BIAS));
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> arrays) {
        Map<String, INDArray> copy = new java.util.LinkedHashMap<>();
        arrays.forEach((key, value) -> copy.put(key, value.dup()));
        return copy;
    }
}
