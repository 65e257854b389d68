package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.nio.file.Path;

/**
 * The imported two-tower model (LayerNormalization, Dot, masked and max pooling over a sequence
 * Embedding) trains further in DL4J, every trainable layer moving, and survives ModelSerializer.
 */
class TwoTowerImportTrainingTest {

    @TempDir
    Path dir;

    @Test
    void trainsFurtherAndIsSavedAndRestored() throws Exception {
        String model = "two_tower_extras_torch";
        ImportedKerasModel imported = KerasRsModelImport.importModel(KerasCatalogue.file(model, "h5"));
        INDArray[] inputs = imported.toGraphInputs(KerasCatalogue.load(model).inputs);
        INDArray labels = inputs[2].gt(20).castTo(inputs[0].dataType());   // a learnable target: a high item id
        MultiDataSet data = new MultiDataSet(inputs, new INDArray[]{labels});
        ComputationGraph trainable = new TransferLearning.GraphBuilder(imported.graph())
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-2)).seed(7).build())
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "out")
                .setOutputs("loss")
                .build();
        INDArray gamma = trainable.getLayer("query_norm").getParam("gamma").dup();
        INDArray history = trainable.getLayer("history_emb").getParam("W").dup();

        double before = trainable.score(data);
        for (int i = 0; i < 20; i++) {
            trainable.fit(data);
        }
        double after = trainable.score(data);
        assertTrue(after < before, "loss went from " + before + " to " + after);
        assertNotEquals(gamma, trainable.getLayer("query_norm").getParam("gamma"), "LayerNormalization's gamma");
        assertNotEquals(history, trainable.getLayer("history_emb").getParam("W"), "the masked sequence embedding");

        File file = dir.resolve("two_tower.zip").toFile();
        ModelSerializer.writeModel(trainable, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(trainable.getConfiguration(), restored.getConfiguration());
        assertEquals(trainable.outputSingle(inputs), restored.outputSingle(inputs));
        restored.fit(data);
    }
}
