package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The EmbeddingCollection example of docs/dl4j-usage.md, run as written. */
class EmbeddingCollectionUsageTest {

    @Test
    void theDocumentedGraphTrainsOnlyTheLookedUpRows() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .updater(new Adam(1e-2))
                .graphBuilder()
                .addInputs("ids")                                       // [batch, 3]: user, item, shop ids
                .addLayer("embeddings", new EmbeddingCollection.Builder().embeddingDim(8)
                        .feature("user", 1000).feature("item", 500)     // a table each
                        .feature("shop", "item")                        // reads the item table
                        .build(), "ids")                                // [batch, 3, 8]
                .addVertex("interaction", DotInteraction.builder().stackedInputFormat(RNNFormat.NWC).build(),
                        "embeddings")                                   // [batch, 3]
                .addLayer("click", new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                        .nOut(1).activation(Activation.SIGMOID).build(), "interaction")
                .setOutputs("click")
                .setInputTypes(InputType.feedForward(3))
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        RowSparseStep.attach(graph);   // not saved with the model: attach again after a restore or clone()

        INDArray ids = Nd4j.createFromArray(new float[][]{{3, 7, 9}, {999, 499, 7}});
        INDArray tablesBefore = graph.getLayer("embeddings").getParam(EmbeddingCollection.TABLES_KEY).dup();
        graph.fit(new MultiDataSet(ids, Nd4j.createFromArray(new float[][]{{1}, {0}})));

        assertArrayEquals(new long[]{2, 1}, graph.outputSingle(ids).shape());
        INDArray tables = graph.getLayer("embeddings").getParam(EmbeddingCollection.TABLES_KEY);
        assertEquals(DataType.FLOAT, tables.dataType());
        assertArrayEquals(new long[]{1500, 8}, tables.shape());   // user rows 0-999, then item rows 1000-1499
        for (int row : new int[]{3, 999, 1000 + 7, 1000 + 9, 1000 + 499}) {
            assertNotEquals(tablesBefore.getRow(row), tables.getRow(row), "looked-up row " + row);
        }
        for (int row : new int[]{0, 4, 998, 1000, 1000 + 8, 1499 - 1}) {
            assertEquals(tablesBefore.getRow(row), tables.getRow(row), "row " + row + " was not looked up");
        }
    }
}
