package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON, clone and ModelSerializer round trips; training resumes to the same numbers; bad ids and configs fail clearly. */
class EmbeddingCollectionSerializationTest {

    private static final long[] SIZES = {50, 30};

    private static EmbeddingCollection layer() {
        return new EmbeddingCollection.Builder().embeddingDim(4)
                .table("shared", SIZES[0]).feature("user", "shared").feature("friend", "shared")
                .feature("item", SIZES[1]).build();
    }

    private static ComputationGraphConfiguration configuration(EmbeddingCollection layer) {
        return new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT).updater(new Adam(0.02))
                .graphBuilder().addInputs("ids")
                .addLayer("embeddings", layer, "ids")
                .addVertex("interaction", DotInteraction.builder().stackedInputFormat(RNNFormat.NWC).build(), "embeddings")
                .addLayer("hidden", new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build(), "interaction")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1)
                        .activation(Activation.SIGMOID).build(), "hidden")
                .setOutputs("out").setInputTypes(InputType.feedForward(3)).build();
    }

    private static ComputationGraph graph() {
        ComputationGraph graph = new ComputationGraph(configuration(layer()));
        graph.init();
        return graph;
    }

    private static INDArray[][] batch(Random random) {
        INDArray ids = EmbeddingCollectionTrainingTest.randomIds(random, 8, new long[]{SIZES[0], SIZES[0], SIZES[1]})
                .castTo(DataType.FLOAT);
        INDArray labels = Nd4j.createFromArray(new float[8][1]);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, 0, random.nextInt(2));
        }
        return new INDArray[][]{{ids}, {labels}};
    }

    @Test
    void configSurvivesJsonAndClone() {
        ComputationGraphConfiguration conf = configuration(layer());
        ComputationGraphConfiguration fromJson = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, fromJson);
        assertEquals(conf.toJson(), fromJson.toJson());
        EmbeddingCollection original = layer();
        EmbeddingCollection copy = original.clone();
        assertEquals(original, copy);
        assertNotSame(original.touchedRows(), copy.touchedRows());
        copy.setTableSizes(new long[]{51, 30});
        assertEquals(50, original.getTableSizes()[0], "a clone shares no arrays");
    }

    /** Saved after some Adam steps and restored, a model trains on exactly as the original does. */
    @Test
    void trainingResumesFromModelSerializerToTheSameNumbers(@TempDir File dir) throws Exception {
        ComputationGraph original = graph();
        Random random = new Random(11);
        for (int step = 0; step < 3; step++) {
            INDArray[][] b = batch(random);
            original.fit(b[0], b[1]);
        }
        File file = new File(dir, "model.zip");
        ModelSerializer.writeModel(original, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        ComputationGraph cloned = original.clone();
        cloned.getConfiguration().setIterationCount(original.getIterationCount());   // DL4J's clone() restarts it, and Adam depends on it
        assertEquals(original.getConfiguration(), restored.getConfiguration());
        assertArrayEquals(original.params().data().asFloat(), restored.params().data().asFloat());
        for (int step = 0; step < 4; step++) {
            INDArray[][] b = batch(random);
            original.fit(b[0], b[1]);
            restored.fit(b[0], b[1]);
            cloned.fit(b[0], b[1]);
        }
        assertArrayEquals(original.params().data().asFloat(), restored.params().data().asFloat(), "restored");
        assertArrayEquals(original.params().data().asFloat(), cloned.params().data().asFloat(), "cloned");
        assertArrayEquals(original.getUpdater().getStateViewArray().data().asFloat(),
                restored.getUpdater().getStateViewArray().data().asFloat());
    }

    @Test
    void outOfRangeIdsNameTheFeatureAndTheId() {
        ComputationGraph graph = graph();
        INDArray ids = Nd4j.createFromArray(new float[][]{{1, 2, 3}, {4, 5, 30}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> graph.output(ids));
        assertTrue(e.getMessage().contains("feature 'item'") && e.getMessage().contains("id 30")
                && e.getMessage().contains("example 1") && e.getMessage().contains("30 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> graph.output(Nd4j.createFromArray(new float[][]{{-1, 2, 3}})));
        assertTrue(e.getMessage().contains("feature 'user'") && e.getMessage().contains("id -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> graph.output(Nd4j.createFromArray(new float[][]{{1, 2.5f, 3}})));
        assertTrue(e.getMessage().contains("feature 'friend'") && e.getMessage().contains("not a whole number"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> graph.output(Nd4j.createFromArray(new float[][]{{1, 2}})));
        assertTrue(e.getMessage().contains("[batch, 3]"), e.getMessage());
    }

    @Test
    void unsupportedTrainingSettingsAreRefused() {
        EmbeddingCollection nesterov = threeFeatures().updater(new Nesterovs(0.1)).build();
        Exception e = assertThrows(IllegalStateException.class,
                () -> new ComputationGraph(configuration(nesterov)).init());
        assertTrue(e.getMessage().contains("Sgd, AdaGrad or Adam"), e.getMessage());
        EmbeddingCollection l2 = threeFeatures().l2(1e-4).build();
        e = assertThrows(IllegalStateException.class, () -> new ComputationGraph(configuration(l2)).init());
        assertTrue(e.getMessage().contains("regularization"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new EmbeddingCollection.Builder().embeddingDim(2).feature("a", "missing").build());
    }

    private static EmbeddingCollection.Builder threeFeatures() {
        return new EmbeddingCollection.Builder().embeddingDim(2).feature("a", 3).feature("b", 3).feature("c", 3);
    }
}
