package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasrs4j.layers.DotInteraction;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.nio.file.Path;

/** An imported DLRM is an ordinary DL4J graph: it trains further and survives ModelSerializer. */
class ImportedModelTrainingTest {

    @TempDir
    Path dir;

    @Test
    void importedDlrmTrainsFurtherAndIsSavedAndRestored() throws Exception {
        Keras3Fixture fixture = Keras3Fixture.load("dlrm_criteo_like");
        ComputationGraph imported = KerasRsModelImport.importKerasModelAndWeights(
                Keras3Fixture.file("dlrm_criteo_like", "keras").toString());
        // Keras keeps the loss in compile(), not in the layers: add it on top of the sigmoid output.
        ComputationGraph trainable = new TransferLearning.GraphBuilder(imported)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-2)).seed(7L).build())
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.XENT)
                        .activation(Activation.IDENTITY).build(), "prediction")
                .setOutputs("loss")
                .build();

        INDArray[] inputs = fixture.inputArrays();
        // A learnable target: whether the first dense feature is positive.
        INDArray labels = inputs[0].getColumn(0, true).gt(0).castTo(inputs[0].dataType());
        MultiDataSet data = new org.nd4j.linalg.dataset.MultiDataSet(inputs, new INDArray[]{labels});
        double before = trainable.score(data);
        for (int i = 0; i < 3; i++) {
            trainable.fit(data);
        }
        double after = trainable.score(data);
        assertTrue(after < 0.9 * before, "loss went from " + before + " to " + after);

        File saved = dir.resolve("dlrm.zip").toFile();
        ModelSerializer.writeModel(trainable, saved, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(saved, true);
        assertEquals(trainable.outputSingle(inputs), restored.outputSingle(inputs));
        DotInteraction interaction = assertInstanceOf(DotInteraction.class,
                restored.getConfiguration().getVertices().get("interaction"));
        assertEquals(new DotInteraction(false, false), interaction);
        assertEquals(after, restored.score(data), 1e-6);
    }
}
