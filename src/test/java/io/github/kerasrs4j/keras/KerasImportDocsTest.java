package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The import snippet of docs/keras-import.md, verbatim, on the fixture. */
class KerasImportDocsTest {

    @Test
    void importSnippetRuns() throws Exception {
        String path = Keras3Fixture.file("dlrm_criteo_like", "keras").toString();

        // --- docs/keras-import.md
        ComputationGraph graph = KerasRsModelImport.importKerasModelAndWeights(path);   // dlrm_criteo_like.keras or .h5
        // Inputs in the Keras model's order: "dense_features" (13,), then "cat_0" .. "cat_7", each of Keras
        // shape () (one id per sample, fed to an Embedding), which DL4J takes as a column [batch, 1].
        INDArray[] inputs = new INDArray[9];
        inputs[0] = Nd4j.rand(DataType.FLOAT, 2, 13);
        for (int i = 1; i < 9; i++) {
            inputs[i] = Nd4j.createFromArray(new float[][]{{3}, {5}});
        }
        INDArray clickProbability = graph.outputSingle(inputs);   // [2, 1]: Keras's output "prediction"
        // ---

        assertArrayEquals(new long[]{2, 1}, clickProbability.shape());
        assertTrue(clickProbability.minNumber().doubleValue() > 0 && clickProbability.maxNumber().doubleValue() < 1);
    }
}
