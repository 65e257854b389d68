package io.github.kerasrs4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasrs4j.testing.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Finite differences against the hand-written backward passes of the two-tower layers, in double
 * precision, with trainable layers before each one (wrong gradients into earlier layers fail), and
 * their forward values against the formulas Keras computes.
 */
@ExtendWith(DoublePrecision.class)
class TwoTowerLayersGradientCheckTest {

    private static final int BATCH = 3;

    @ParameterizedTest(name = "scale={0} center={1}")
    @CsvSource({"true,true", "true,false", "false,true"})
    void layerNormalizationAfterADenseLayer(boolean scale, boolean center) {
        ComputationGraphConfiguration.GraphBuilder b = builder().addInputs("x")
                .addLayer("dense", new DenseLayer.Builder().nIn(3).nOut(5).activation(Activation.TANH).build(), "x")
                .addLayer("norm", new LayerNormalization.Builder().epsilon(1e-3).scale(scale).center(center).build(), "dense");
        ComputationGraph graph = head(b, "norm", InputType.feedForward(3));
        graph.getLayer("norm").paramTable().values().forEach(p -> p.assign(Nd4j.rand(DataType.DOUBLE, p.shape()).addi(0.5)));
        assertGradientsMatch(graph, Nd4j.rand(DataType.DOUBLE, BATCH, 3).subi(0.5));
    }

    @ParameterizedTest(name = "normalize={0}")
    @ValueSource(booleans = {false, true})
    void dotProductOfTwoTowers(boolean normalize) {
        ComputationGraphConfiguration.GraphBuilder b = builder().addInputs("query", "item")
                .addLayer("q", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "query")
                .addLayer("i", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "item")
                .addVertex("score", new DotProduct(normalize), "q", "i");
        ComputationGraph graph = head(b, "score", InputType.feedForward(3), InputType.feedForward(3));
        assertGradientsMatch(graph, Nd4j.rand(DataType.DOUBLE, BATCH, 3).subi(0.5), Nd4j.rand(DataType.DOUBLE, BATCH, 3).subi(0.5));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RNNFormat.class)
    void maskedAverageOfASequenceEmbedding(RNNFormat format) {
        ComputationGraph graph = maskedPooling(format);
        INDArray ids = Nd4j.createFromArray(new double[][]{{3, 1, 0, 0, 0}, {7, 0, 0, 0, 0}, {2, 5, 6, 4, 1}});
        assertGradientsMatch(graph, ids);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"AVERAGE,NWC", "AVERAGE,NCW", "MAX,NWC", "MAX,NCW"})
    void unmaskedPoolingOfASequenceEmbedding(SequencePooling.Mode mode, RNNFormat format) {
        ComputationGraphConfiguration.GraphBuilder b = builder().addInputs("ids")
                .addLayer("embedding", new EmbeddingSequenceLayer.Builder().nIn(8).nOut(4).inputLength(5)
                        .outputDataFormat(format).build(), "ids")
                .addVertex("pooled", new SequencePooling(mode, format), "embedding");
        ComputationGraph graph = head(b, "pooled", InputType.feedForward(8));
        // distinct ids: no ties for the maximum, where finite differences have no single slope
        assertGradientsMatch(graph, Nd4j.createFromArray(new double[][]{{3, 1, 0, 2, 7}, {7, 6, 5, 4, 3}, {2, 5, 6, 4, 1}}));
    }

    @Test
    void forwardValuesAreKerassFormulas() {
        INDArray x = Nd4j.createFromArray(new double[][]{{1, 2, 3, 4}, {0, 0, 3, 4}});
        double r = 1 / Math.sqrt(1.25 + 1e-3);
        INDArray normalized = single(new LayerNormalization.Builder().nIn(4).build(), x);
        assertTrue(Nd4j.createFromArray(new double[][]{{-1.5 * r, -0.5 * r, 0.5 * r, 1.5 * r}}).equalsWithEps(normalized.getRow(0, true), 1e-12));

        INDArray y = Nd4j.createFromArray(new double[][]{{2, 0, 0, 0}, {0, 0, 0, 0}});
        assertEquals(Nd4j.createFromArray(new double[][]{{2}, {0}}), pair(new DotProduct(false), x, y));
        // cosine similarity; a zero row stays zero (Keras clamps its length at 1e-7)
        INDArray cosine = pair(new DotProduct(true), x, y);
        assertEquals(1 / Math.sqrt(30), cosine.getDouble(0, 0), 1e-12);
        assertEquals(0, cosine.getDouble(1, 0), 0);

        ComputationGraph pooling = maskedPooling(RNNFormat.NWC);
        INDArray ids = Nd4j.createFromArray(new double[][]{{3, 1, 0, 0, 0}, {0, 0, 0, 0, 0}});
        INDArray embeddings = pooling.getLayer("embedding").getParam("W");
        INDArray pooled = pooling.feedForward(new INDArray[]{ids}, false).get("pooled");
        assertTrue(embeddings.getRow(3).add(embeddings.getRow(1)).divi(2).equalsWithEps(pooled.getRow(0), 1e-12));
        assertTrue(Double.isNaN(pooled.getDouble(1, 0)), "every step masked gives NaN, as in Keras");

        INDArray sequence = Nd4j.createFromArray(new double[][][]{{{1, 5}, {3, 5}, {2, 0}}});   // [1, T=3, D=2]
        assertEquals(Nd4j.createFromArray(new double[][]{{3, 5}}), single(new SequencePooling(SequencePooling.Mode.MAX, RNNFormat.NWC), sequence));
        assertEquals(Nd4j.createFromArray(new double[][]{{2, 10.0 / 3}}), single(new SequencePooling(SequencePooling.Mode.AVERAGE, RNNFormat.NWC), sequence));
    }

    @Test
    void configurationsSurviveJson() {
        ComputationGraph graph = maskedPooling(RNNFormat.NCW);
        ComputationGraphConfiguration copy = ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson());
        assertEquals(graph.getConfiguration(), copy);
        ComputationGraphConfiguration.GraphBuilder b = builder().addInputs("query", "item")
                .addLayer("norm", new LayerNormalization.Builder().epsilon(1e-5).center(false).build(), "query")
                .addVertex("score", new DotProduct(true), "norm", "item");
        ComputationGraph twoTower = head(b, "score", InputType.feedForward(4), InputType.feedForward(4));
        assertEquals(twoTower.getConfiguration(), ComputationGraphConfiguration.fromJson(twoTower.getConfiguration().toJson()));
    }

    /** ids [batch, 5] -> EmbeddingSequence(8, 4) and NotEqualMask(0) -> MaskedAveragePooling -> head. */
    private static ComputationGraph maskedPooling(RNNFormat format) {
        ComputationGraphConfiguration.GraphBuilder b = builder().addInputs("ids")
                .addLayer("embedding", new EmbeddingSequenceLayer.Builder().nIn(8).nOut(4).inputLength(5)
                        .outputDataFormat(format).build(), "ids")
                .addVertex("mask", new NotEqualMask(0), "ids")
                .addVertex("pooled", new SequencePooling(SequencePooling.Mode.AVERAGE, format), "embedding", "mask");
        return head(b, "pooled", InputType.feedForward(8));   // DL4J sets an embedding's nIn from its input type
    }

    private static INDArray single(LayerNormalization layer, INDArray x) {
        ComputationGraph graph = head(builder().addInputs("x").addLayer("norm", layer, "x"), "norm",
                InputType.feedForward(x.size(1)));
        return graph.feedForward(new INDArray[]{x}, false).get("norm");
    }

    private static INDArray single(SequencePooling vertex, INDArray sequence) {
        ComputationGraph graph = head(builder().addInputs("x").addVertex("pooled", vertex, "x"), "pooled",
                InputType.recurrent(sequence.size(2), sequence.size(1), RNNFormat.NWC));
        return graph.feedForward(new INDArray[]{sequence}, false).get("pooled");
    }

    private static INDArray pair(DotProduct vertex, INDArray a, INDArray c) {
        ComputationGraph graph = head(builder().addInputs("a", "c").addVertex("score", vertex, "a", "c"), "score",
                InputType.feedForward(a.size(1)), InputType.feedForward(c.size(1)));
        return graph.feedForward(new INDArray[]{a, c}, false).get("score");
    }

    private static ComputationGraphConfiguration.GraphBuilder builder() {
        return new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).graphBuilder();
    }

    private static ComputationGraph head(ComputationGraphConfiguration.GraphBuilder b, String last, InputType... types) {
        b.addLayer("top", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), last)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "top")
                .setOutputs("out").setInputTypes(types);
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }

    private static void assertGradientsMatch(ComputationGraph graph, INDArray... inputs) {
        INDArray labels = Nd4j.rand(DataType.DOUBLE, inputs[0].size(0), 2);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph).inputs(inputs)
                .labels(new INDArray[]{labels}).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)),
                "gradient check failed: " + graph.getConfiguration().getVertices().keySet());
    }
}
