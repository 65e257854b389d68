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
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.nio.file.Path;

/**
 * An imported DLRM is an ordinary DL4J graph: with a loss on top it trains further and survives
 * ModelSerializer. Runs the two training blocks of docs/keras-import.md verbatim.
 */
class ImportedModelTrainingTest {

    @TempDir
    Path dir;

    @Test
    void importedDlrmTrainsFurtherAndIsSavedAndRestored() throws Exception {
        Keras3Fixture fixture = Keras3Fixture.load("dlrm_criteo_like");
        ComputationGraph graph = KerasRsModelImport.importKerasModelAndWeights(
                Keras3Fixture.file("dlrm_criteo_like", "keras").toString());
        INDArray[] inputs = fixture.inputArrays();
        // A learnable target: whether the first dense feature is positive.
        INDArray labels = inputs[0].getColumn(0, true).gt(0).castTo(inputs[0].dataType());
        File file = dir.resolve("dlrm.zip").toFile();

        ComputationGraph trainable = new TransferLearning.GraphBuilder(graph)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-2)).build())
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.XENT)
                        .activation(Activation.IDENTITY).build(), "prediction")   // "prediction": the Keras output layer
                .setOutputs("loss")
                .build();

        MultiDataSet data = new MultiDataSet(inputs, new INDArray[]{labels});
        double before = trainable.score(data);
        trainable.fit(data);
        trainable.fit(data);

        trainable.fit(data);
        ModelSerializer.writeModel(trainable, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);

        double after = trainable.score(data);
        assertTrue(after < before, "loss went from " + before + " to " + after);
        assertEquals(trainable.outputSingle(inputs), restored.outputSingle(inputs));
        assertEquals(after, restored.score(data), 1e-6);
        DotInteraction interaction = assertInstanceOf(DotInteraction.class,
                restored.getConfiguration().getVertices().get("interaction"));
        assertEquals(new DotInteraction(false, false), interaction);
    }
}
