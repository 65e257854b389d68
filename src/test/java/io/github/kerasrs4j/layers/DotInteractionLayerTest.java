package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.DoublePrecision;
import io.github.kerasrs4j.testing.Fixtures;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DotInteractionLayer in a MultiLayerNetwork: gradient checks, golden numbers, round trips. */
@ExtendWith(DoublePrecision.class)
class DotInteractionLayerTest {

    private static final int VOCAB = 6;
    private static final int F = 4;
    private static final int D = 3;

    /** ids [batch, F] -> EmbeddingSequenceLayer -> DotInteractionLayer -> Dense -> Output. */
    private static MultiLayerNetwork network(DotInteractionLayer interaction, RNNFormat format, IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(updater).weightInit(WeightInit.XAVIER).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(D).inputLength(F).outputDataFormat(format).build())
                .layer(interaction)
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(VOCAB))   // DL4J sizes an embedding's input by its vocabulary
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static final INDArray IDS = Nd4j.createFromArray(new double[][]{{0, 1, 2, 3}, {5, 4, 3, 2}, {1, 1, 0, 5}});

    @ParameterizedTest(name = "{0} self={1} skip={2}")
    @CsvSource({"NCW,false,false", "NCW,true,false", "NCW,false,true", "NCW,true,true", "NWC,false,false", "NWC,true,true"})
    void gradientCheckWithEmbeddingsBefore(RNNFormat format, boolean self, boolean skip) {
        MultiLayerNetwork net = network(new DotInteractionLayer(self, skip), format, new NoOp());
        assertEquals(format, ((DotInteractionLayer) net.getLayerWiseConfigurations().getConf(1).getLayer()).getStackedInputFormat());
        INDArray labels = Nd4j.rand(DataType.DOUBLE, 3, 2);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(IDS)
                .labels(labels).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"F3_D4_B3_self0_gather.json,NWC", "F3_D4_B3_self1_skip.json,NCW", "F5_D16_B3_self1_gather.json,NCW",
            "F5_D1_B3_self0_skip.json,NWC", "F2_D4_B1_self1_gather.json,NWC"})
    void matchesGoldenCases(String file, RNNFormat format) {
        Map<String, Object> golden = Fixtures.json("golden/" + file);
        INDArray[] features = Fixtures.matrices(golden.get("inputs"), DataType.DOUBLE);
        INDArray stacked = Nd4j.stack(1, features);   // [B, F, D]
        INDArray input = format == RNNFormat.NWC ? stacked : stacked.permute(0, 2, 1).dup('c');
        DotInteractionLayer config = DotInteractionLayer.builder()
                .selfInteraction((Boolean) golden.get("self_interaction")).skipGather("skip".equals(golden.get("mode")))
                .stackedInputFormat(format).build();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(config)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(features[0].size(1), features.length, format)).build());
        net.init();
        Layer layer = net.getLayer(0);

        layer.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        INDArray output = layer.activate(true, LayerWorkspaceMgr.noWorkspaces());
        INDArray gradient = layer.backpropGradient(Fixtures.matrix(golden.get("upstream_grad"), DataType.DOUBLE),
                LayerWorkspaceMgr.noWorkspaces()).getSecond();

        assertEquals(0, Fixtures.matrix(golden.get("output"), DataType.DOUBLE).sub(output).amaxNumber().doubleValue(), 1e-10);
        INDArray expectedGradient = Nd4j.stack(1, Fixtures.matrices(golden.get("input_grads"), DataType.DOUBLE));
        if (format == RNNFormat.NCW) {
            expectedGradient = expectedGradient.permute(0, 2, 1);
        }
        assertEquals(0, expectedGradient.sub(gradient).amaxNumber().doubleValue(), 1e-10);
    }

    @Test
    void roundTripsAndRestores(@TempDir File dir) throws Exception {
        MultiLayerNetwork net = network(DotInteractionLayer.builder().selfInteraction(true).name("interaction").build(),
                RNNFormat.NCW, new Sgd(0.1));
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
        assertEquals(conf, conf.clone());
        DotInteractionLayer layer = (DotInteractionLayer) conf.getConf(1).getLayer();
        assertNotSame(layer, layer.clone());
        assertEquals(layer, layer.clone());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(conf);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(conf, in.readObject());
        }

        File file = new File(dir, "mln.zip");
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.output(IDS), restored.output(IDS));
        INDArray labels = Nd4j.rand(DataType.DOUBLE, 3, 2);
        net.fit(IDS, labels);
        restored.fit(IDS, labels);
        assertEquals(net.params(), restored.params());
    }

    @Test
    void refusesInputsItCannotTake() {
        Exception e = assertThrows(InvalidInputTypeException.class,
                () -> new DotInteractionLayer().getOutputType(2, InputType.feedForward(4)));
        assertTrue(e.getMessage().contains("layer 2") && e.getMessage().contains("recurrent"), e.getMessage());
        e = assertThrows(InvalidInputTypeException.class,
                () -> new DotInteractionLayer().getOutputType(0, InputType.recurrent(4, 1)));
        assertTrue(e.getMessage().contains("no pairs"), e.getMessage());
        assertEquals(InputType.feedForward(6), new DotInteractionLayer().getOutputType(0, InputType.recurrent(5, 4)));
    }
}
