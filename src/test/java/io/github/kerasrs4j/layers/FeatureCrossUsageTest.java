package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FeatureCross code in docs/dl4j-usage.md, run: a DCN stack in a ComputationGraph and in SameDiff. */
class FeatureCrossUsageTest {

    @Test
    void computationGraphStackTrains() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .updater(new Adam(1e-3))
                .graphBuilder()
                .addInputs("features")
                .addVertex("cross_0", new FeatureCross(), "features")
                .addVertex("cross_1", FeatureCross.builder().projectionDim(4).diagScale(0.1).build(), "features", "cross_0")
                .addLayer("click", new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                        .nOut(1).activation(Activation.SIGMOID).build(), "cross_1")
                .setOutputs("click")
                .setInputTypes(InputType.feedForward(16))
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        assertEquals(16 * 16 + 16 + 16 * 4 + 4 * 16 + 16, graph.getVertex("cross_0").numParams()
                + graph.getVertex("cross_1").numParams());
        MultiDataSet data = new MultiDataSet(new INDArray[]{Nd4j.rand(DataType.FLOAT, 8, 16)},
                new INDArray[]{Nd4j.rand(DataType.FLOAT, 8, 1).gt(0.5).castTo(DataType.FLOAT)});
        double before = graph.score(data);
        for (int i = 0; i < 20; i++) {
            graph.fit(data);
        }
        assertTrue(graph.score(data) < before);
    }

    @Test
    void sameDiffScript() {
        SameDiff sd = SameDiff.create();
        SDVariable x0 = sd.placeHolder("x0", DataType.FLOAT, -1, 16);
        SDVariable cross0 = new FeatureCross().define(sd, "cross_0", x0, null);
        SDVariable cross1 = FeatureCross.builder().projectionDim(4).build().define(sd, "cross_1", x0, cross0);

        assertEquals(Map.of("cross_0/W", 256L, "cross_0/b", 16L, "cross_1/U", 64L, "cross_1/V", 64L, "cross_1/b", 16L),
                Map.of("cross_0/W", sd.getArrForVarName("cross_0/W").length(),
                        "cross_0/b", sd.getArrForVarName("cross_0/b").length(),
                        "cross_1/U", sd.getArrForVarName("cross_1/U").length(),
                        "cross_1/V", sd.getArrForVarName("cross_1/V").length(),
                        "cross_1/b", sd.getArrForVarName("cross_1/b").length()));
        INDArray out = sd.outputSingle(Map.of("x0", Nd4j.rand(DataType.FLOAT, 3, 16)), cross1.name());
        assertArrayEquals(new long[]{3, 16}, out.shape());
    }
}
