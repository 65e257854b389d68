package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowLoopEmbeddingLayerTest {

    private static final int[] TABLE_ROWS = {7, 3};
    private static final int BATCH = 64;

    /** Repeated ids, a bias, a ReLU and weight decay: every step's parameters equal DL4J's EmbeddingLayer's bit for bit. */
    @Test
    void trainsToDl4jsEmbeddingLayersNumbersExactly() {
        ComputationGraph plain = graph(EmbeddingLayer.Builder::new);
        ComputationGraph rowLoop = graph(RowLoopEmbeddingLayer.Builder::new);
        assertInstanceOf(RowLoopEmbeddingRuntime.class, rowLoop.getLayer("embedding_0"));
        assertArrayEquals(plain.params().toFloatVector(), rowLoop.params().toFloatVector());
        Random random = new Random(5);
        for (int step = 0; step < 4; step++) {
            INDArray[] ids = new INDArray[TABLE_ROWS.length];
            for (int f = 0; f < ids.length; f++) {
                float[] column = new float[BATCH];
                for (int r = 0; r < BATCH; r++) {
                    column[r] = random.nextInt(TABLE_ROWS[f]);
                }
                ids[f] = Nd4j.createFromArray(column).reshape(BATCH, 1);
            }
            INDArray[] labels = {Nd4j.rand(DataType.FLOAT, BATCH, 1)};
            plain.fit(ids, labels);
            rowLoop.fit(ids, labels);
            assertArrayEquals(plain.params().toFloatVector(), rowLoop.params().toFloatVector(), "step " + step);
            assertArrayEquals(plain.getUpdater().getStateViewArray().toFloatVector(),
                    rowLoop.getUpdater().getStateViewArray().toFloatVector(), "Adam's state, step " + step);
        }
    }

    @Test
    void survivesJsonAndCloneAsItsOwnClass() {
        ComputationGraphConfiguration conf = graph(RowLoopEmbeddingLayer.Builder::new).getConfiguration();
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, restored);
        assertInstanceOf(RowLoopEmbeddingLayer.class, layerConfig(restored));
        assertInstanceOf(RowLoopEmbeddingLayer.class, layerConfig(conf.clone()));
        assertNotEquals(layerConfig(graph(EmbeddingLayer.Builder::new).getConfiguration()), layerConfig(conf));
        assertNotEquals(layerConfig(conf), layerConfig(graph(EmbeddingLayer.Builder::new).getConfiguration()));
    }

    @Test
    void anIdOutsideTheTableIsRefusedAsDl4jRefusesIt() {
        ComputationGraph graph = graph(RowLoopEmbeddingLayer.Builder::new);
        INDArray[] ids = {Nd4j.createFromArray(new float[]{TABLE_ROWS[0]}).reshape(1, 1), Nd4j.zeros(DataType.FLOAT, 1, 1)};
        Exception e = assertThrows(Exception.class, () -> graph.fit(ids, new INDArray[]{Nd4j.zeros(DataType.FLOAT, 1, 1)}));
        assertTrue(String.valueOf(e.getMessage()).contains("Invalid index for embedding layer"), e.getMessage());
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layerConfig(ComputationGraphConfiguration conf) {
        return ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get("embedding_0")).getLayerConf()
                .getLayer();
    }

    private static ComputationGraph graph(Supplier<EmbeddingLayer.Builder> embedding) {
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(3)
                .dataType(DataType.FLOAT)
                .updater(new Adam(0.05))
                .graphBuilder()
                .addInputs("ids_0", "ids_1");
        for (int f = 0; f < TABLE_ROWS.length; f++) {
            builder.addLayer("embedding_" + f, embedding.get().nIn(TABLE_ROWS[f]).nOut(4).hasBias(f == 0)
                    .activation(f == 0 ? Activation.RELU : Activation.IDENTITY)
                    .weightDecay(0.01, true).build(), "ids_" + f);
        }
        ComputationGraphConfiguration conf = builder
                .addVertex("joined", new MergeVertex(), "embedding_0", "embedding_1")
                .addLayer("dense", new DenseLayer.Builder().nIn(8).nOut(5).activation(Activation.TANH).build(), "joined")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(1)
                        .activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }
}
