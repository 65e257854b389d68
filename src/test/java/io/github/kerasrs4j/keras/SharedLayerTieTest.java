package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Map;

/** One Embedding called on two inputs: two vertices with its weights, untied by DL4J's fit unless tied by SharedLayerTie. */
class SharedLayerTieTest {

    private static final String MODEL = "shared_embedding_jax";

    @Test
    void sharedLayerIsListedWithItsVertices() throws Exception {
        ImportedKerasModel model = KerasRsModelImport.importModel(KerasCatalogue.file(MODEL, "h5"));
        assertEquals(Map.of("shared_emb", List.of("shared_emb", "shared_emb_call1")), model.sharedLayers());
        assertEquals(model.graph().getLayer("shared_emb").params(), model.graph().getLayer("shared_emb_call1").params());
    }

    @Test
    void fitUntiesTheCopiesWithoutTheTie() throws Exception {
        ComputationGraph graph = trainable(new Adam(1e-2));
        MultiDataSet data = data(graph);
        for (int i = 0; i < 3; i++) {
            graph.fit(data);
        }
        assertNotEquals(graph.getLayer("shared_emb").params(), graph.getLayer("shared_emb_call1").params());
    }

    @Test
    void tiedCopiesTakeTheSharedWeightsStepAndStayEqual() throws Exception {
        ImportedKerasModel model = KerasRsModelImport.importModel(KerasCatalogue.file(MODEL, "keras"));
        ComputationGraph graph = trainable(model, new Sgd(0.5));
        MultiDataSet data = data(graph);

        // The shared weight's gradient is the sum of its two uses' gradients (DL4J's updater then
        // averages it over the minibatch).
        graph.setInputs(data.getFeatures());
        graph.setLabels(data.getLabels());
        graph.computeGradientAndScore();
        INDArray sharedGradient = graph.gradient().getGradientFor("shared_emb_W").dup()
                .addi(graph.gradient().getGradientFor("shared_emb_call1_W"));
        INDArray expected = graph.getLayer("shared_emb").getParam("W").sub(sharedGradient.mul(0.5 / data.getFeatures(0).size(0)));

        graph.addListeners(new SharedLayerTie(model.sharedLayers()));
        double before = graph.score(data);
        graph.fit(data);
        assertEquals(expected, graph.getLayer("shared_emb").getParam("W"));
        assertEquals(expected, graph.getLayer("shared_emb_call1").getParam("W"));

        // docs/keras-import.md, with Adam
        ComputationGraph trainable = trainable(model, new Adam(1e-2));
        trainable.addListeners(new SharedLayerTie(model.sharedLayers()));   // listeners are not saved: add it again after a restore
        for (int i = 0; i < 5; i++) {
            trainable.fit(data);
        }
        assertEquals(trainable.getLayer("shared_emb").params(), trainable.getLayer("shared_emb_call1").params());
        assertTrue(graph.score(data) < before, "loss went from " + before + " to " + graph.score(data));
    }

    private static ComputationGraph trainable(IUpdater updater) throws Exception {
        return trainable(KerasRsModelImport.importModel(KerasCatalogue.file(MODEL, "keras")), updater);
    }

    private static ComputationGraph trainable(ImportedKerasModel model, IUpdater updater) {
        return new TransferLearning.GraphBuilder(model.graph())
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(updater).build())
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "interaction")
                .setOutputs("loss")
                .build();
    }

    private static MultiDataSet data(ComputationGraph graph) {
        KerasCatalogue catalogue = KerasCatalogue.load(MODEL);
        INDArray a = Nd4j.createFromArray((int[]) catalogue.inputs.get("a")).reshape(-1, 1).castTo(graph.params().dataType());
        INDArray b = Nd4j.createFromArray((int[]) catalogue.inputs.get("b")).reshape(-1, 1).castTo(graph.params().dataType());
        INDArray labels = a.sub(b).muli(0.01);
        return new MultiDataSet(new INDArray[]{a, b}, new INDArray[]{labels});
    }
}
