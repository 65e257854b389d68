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
 * A trained Keras model with Dropout and BatchNormalization (Dropout's call recorded with
 * training=False) imports, trains further in DL4J with both layers in training mode, as Keras 3.15's
 * fit() runs them, and survives ModelSerializer.
 */
class ImportedDropoutBatchNormTrainingTest {

    @TempDir
    Path dir;

    @Test
    void trainsFurtherAndIsSavedAndRestored() throws Exception {
        String model = "dropout_batchnorm_tf";
        ImportedKerasModel imported = KerasRsModelImport.importModel(KerasCatalogue.file(model, "keras"));
        INDArray[] inputs = imported.toGraphInputs(KerasCatalogue.load(model).inputs);
        // A learnable target: whether the first dense feature is positive.
        INDArray labels = inputs[0].getColumn(0, true).gt(0).castTo(inputs[0].dataType());
        MultiDataSet data = new MultiDataSet(inputs, new INDArray[]{labels});

        ComputationGraph trainable = new TransferLearning.GraphBuilder(imported.graph())
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-2)).seed(42).build())
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.XENT)
                        .activation(Activation.IDENTITY).build(), "click")
                .setOutputs("loss")
                .build();

        // Training mode differs from inference (Dropout drops, BatchNormalization uses the batch's statistics).
        assertNotEquals(trainable.outputSingle(false, inputs), trainable.outputSingle(true, inputs));
        INDArray movingMean = trainable.getLayer("bn_top").getParam("mean").dup();

        double before = trainable.score(data);
        for (int i = 0; i < 20; i++) {
            trainable.fit(data);
        }
        double after = trainable.score(data);
        assertTrue(after < before, "loss went from " + before + " to " + after);
        assertNotEquals(movingMean, trainable.getLayer("bn_top").getParam("mean"), "BatchNormalization's moving mean");

        File file = dir.resolve("dropout_batchnorm.zip").toFile();
        ModelSerializer.writeModel(trainable, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(trainable.outputSingle(inputs), restored.outputSingle(inputs));
        assertEquals(after, restored.score(data), 1e-6);
        restored.fit(data);   // the restored updater state carries on
    }

    @Test
    @SuppressWarnings("unchecked")
    void layerSavedUntrainableStaysFrozen() throws Exception {
        // model.get_layer("top_0").trainable = False: Keras's fit does not update it, and trains the layers before it.
        String model = "dropout_batchnorm_tf";
        Path file = BrokenKerasFiles.withJsonEdited(KerasCatalogue.file(model, "keras"), dir.resolve("frozen.keras"),
                "config.json", c -> ((java.util.Map<String, Object>) BrokenKerasFiles.layer(c, "top_0").get("config"))
                        .put("trainable", false));
        ImportedKerasModel imported = KerasRsModelImport.importModel(file);
        KerasCatalogue expected = KerasCatalogue.load(model);
        KerasCatalogueImportTest.assertCloseRelative(expected.outputs.get("click"),
                imported.predict(expected.inputs).get("click"), "click");

        INDArray[] inputs = imported.toGraphInputs(expected.inputs);
        INDArray frozen = imported.graph().getLayer("top_0").params().dup();
        INDArray trained = imported.graph().getLayer("bottom").params().dup();
        ComputationGraph trainable = new TransferLearning.GraphBuilder(imported.graph())
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-2)).build())
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.XENT)
                        .activation(Activation.IDENTITY).build(), "click")
                .setOutputs("loss")
                .build();
        trainable.fit(new MultiDataSet(inputs, new INDArray[]{inputs[0].getColumn(0, true).gt(0).castTo(inputs[0].dataType())}));
        assertEquals(frozen, trainable.getLayer("top_0").params(), "the frozen Dense");
        assertNotEquals(trained, trainable.getLayer("bottom").params(), "the trainable Dense before it");
    }
}
