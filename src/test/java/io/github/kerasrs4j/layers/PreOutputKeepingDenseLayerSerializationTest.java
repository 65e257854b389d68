package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.DoublePrecision;
import io.github.kerasrs4j.testing.RoundTrips;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips (JSON, clone, ModelSerializer) and a gradient check, in DOUBLE as GradientCheckUtil demands. */
@ExtendWith(DoublePrecision.class)
class PreOutputKeepingDenseLayerSerializationTest {

    /** Every setting of DL4J's builder reaches the layer: its JSON is DL4J's DenseLayer's but for the class name. */
    @Test
    void takesEverySettingOfDl4jsBuilder() throws IOException {
        DenseLayer.Builder plain = new DenseLayer.Builder();
        PreOutputKeepingDenseLayer.Builder keeping = new PreOutputKeepingDenseLayer.Builder();
        for (DenseLayer.Builder builder : List.of(plain, keeping)) {
            builder.hasBias(false).hasLayerNorm(true).nIn(4).nOut(3).activation(Activation.TANH)
                    .weightInit(WeightInit.LECUN_NORMAL).biasInit(0.1).gainInit(0.9).l1(1e-4).l2(2e-4)
                    .l1Bias(3e-4).updater(new Adam(0.02)).biasUpdater(new Sgd(0.1)).dropOut(0.7)
                    .weightNoise(new DropConnect(0.9))
                    .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(2.0).constrainWeights(new MaxNormConstraint(2.0, 1))
                    .name("dense");
        }
        String plainJson = NeuralNetConfiguration.mapper().writeValueAsString(plain.build());
        String keepingJson = NeuralNetConfiguration.mapper().writeValueAsString(keeping.build());
        assertEquals(plainJson.replace(DenseLayer.class.getName(), PreOutputKeepingDenseLayer.class.getName()),
                keepingJson);
    }

    @Test
    void survivesJsonAndCloneAsItsOwnClass() {
        ComputationGraphConfiguration conf = graph().getConfiguration();
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, restored);
        assertInstanceOf(PreOutputKeepingDenseLayer.class, layerConfig(restored));
        assertInstanceOf(PreOutputKeepingDenseLayer.class, layerConfig(conf.clone()));
        DenseLayer plain = new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.RELU).build();
        assertNotEquals(plain, layerConfig(conf));
        assertNotEquals(layerConfig(conf), plain);

        MultiLayerConfiguration list = new NeuralNetConfiguration.Builder().list()
                .layer(new PreOutputKeepingDenseLayer.Builder().nIn(4).nOut(5).build())
                .layer(new OutputLayer.Builder().nIn(5).nOut(2).build()).build();
        MultiLayerConfiguration listRestored = MultiLayerConfiguration.fromJson(list.toJson());
        assertEquals(list, listRestored);
        assertInstanceOf(PreOutputKeepingDenseLayer.class, listRestored.getConf(0).getLayer());
    }

    @Test
    void modelSerializerRestoresItAndTrainingGoesOnAlike(@TempDir File dir) throws IOException {
        ComputationGraph graph = graph();
        MultiDataSet data = new MultiDataSet(Nd4j.rand(DataType.DOUBLE, 16, 4), Nd4j.rand(DataType.DOUBLE, 16, 2));
        graph.fit(data);
        ComputationGraph restored = RoundTrips.viaModelSerializer(graph, dir);
        assertInstanceOf(PreOutputKeepingDenseRuntime.class, restored.getLayer("dense"));
        RoundTrips.assertRestoredTrainsLikeOriginal(graph, restored, data);
    }

    /**
     * A trainable layer before a kept-product layer: tanh (DL4J's path) with a bias, then the kernel's ReLU with and
     * without a bias and identity without one.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4)
                .dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(new PreOutputKeepingDenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(new PreOutputKeepingDenseLayer.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(new PreOutputKeepingDenseLayer.Builder().nOut(5).hasBias(false)
                        .activation(Activation.RELU).build())
                .layer(new PreOutputKeepingDenseLayer.Builder().nOut(4).hasBias(false)
                        .activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(3)).build());
        net.init();
        DataSet data = new DataSet(Nd4j.rand(DataType.DOUBLE, 6, 3).subi(0.5), Nd4j.rand(DataType.DOUBLE, 6, 2));
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(data.getFeatures()).labels(data.getLabels()).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9)));
    }

    /** The kernel's ReLU and identity layers in a graph, both fed by one trainable tanh layer. */
    @Test
    void graphGradientsMatchFiniteDifferences() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .addLayer("first", new PreOutputKeepingDenseLayer.Builder().nIn(4).nOut(6)
                        .activation(Activation.TANH).build(), "in")
                .addLayer("left", new PreOutputKeepingDenseLayer.Builder().nIn(6).nOut(3)
                        .activation(Activation.RELU).build(), "first")
                .addLayer("right", new PreOutputKeepingDenseLayer.Builder().nIn(6).nOut(3)
                        .activation(Activation.IDENTITY).build(), "first")
                .addVertex("both", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "left", "right")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(6).nOut(2)
                        .activation(Activation.IDENTITY).build(), "both")
                .setOutputs("out").build());
        graph.init();
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new org.nd4j.linalg.api.ndarray.INDArray[]{Nd4j.rand(DataType.DOUBLE, 7, 4).subi(0.5)})
                .labels(new org.nd4j.linalg.api.ndarray.INDArray[]{Nd4j.rand(DataType.DOUBLE, 7, 2)})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    private static LayerVertex vertex(ComputationGraphConfiguration conf) {
        return (LayerVertex) conf.getVertices().get("dense");
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layerConfig(ComputationGraphConfiguration conf) {
        return vertex(conf).getLayerConf().getLayer();
    }

    private static ComputationGraph graph() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(2)
                .dataType(DataType.DOUBLE).updater(new Adam(0.01)).graphBuilder().addInputs("in")
                .addLayer("dense", new PreOutputKeepingDenseLayer.Builder().nIn(4).nOut(5)
                        .activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(2)
                        .activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("out").build());
        graph.init();
        return graph;
    }
}
