package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.testing.DoublePrecision;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same small model trained with plain SGD twice, once as a ComputationGraph through the vertex
 * and once as a SameDiff script built with {@link DotInteraction#define}: the parameters agree.
 */
@ExtendWith(DoublePrecision.class)
class DotInteractionSameDiffTrainingTest {

    private static final int F = 3;
    private static final int IN = 4;
    private static final int D = 5;
    private static final int BATCH = 8;
    private static final int STEPS = 5;
    private static final double LEARNING_RATE = 0.05;

    @ParameterizedTest(name = "self={0} skip={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void sgdStepsMatchSameDiffScript(boolean self, boolean skip) {
        DotInteraction interaction = new DotInteraction(self, skip);
        ComputationGraph graph = graph(interaction);
        SameDiff sd = script(interaction, graph);

        Nd4j.getRandom().setSeed(7);
        INDArray[] features = new INDArray[F];
        for (int i = 0; i < F; i++) {
            features[i] = Nd4j.randn(DataType.DOUBLE, BATCH, IN);
        }
        INDArray labels = Nd4j.randn(DataType.DOUBLE, BATCH, 1);
        MultiDataSet data = new MultiDataSet(features, new INDArray[]{labels});
        for (int step = 0; step < STEPS; step++) {
            graph.fit(data);
            sd.fit(data);
        }
        for (String param : graph.paramTable().keySet()) {
            INDArray expected = sd.getVariable(param).getArr().reshape(graph.getParam(param).shape());
            double diff = expected.sub(graph.getParam(param)).amaxNumber().doubleValue();
            assertTrue(diff < 1e-5, param + " differs by " + diff + " after " + STEPS + " SGD steps");
        }
    }

    private static ComputationGraph graph(DotInteraction interaction) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).updater(new Sgd(LEARNING_RATE)).weightInit(WeightInit.XAVIER).graphBuilder();
        String[] dense = new String[F];
        for (int i = 0; i < F; i++) {
            b.addInputs("in" + i);
            dense[i] = "dense" + i;
            b.addLayer(dense[i], new DenseLayer.Builder().nOut(D).activation(Activation.TANH).build(), "in" + i);
        }
        InputType[] types = new InputType[F];
        Arrays.fill(types, InputType.feedForward(IN));
        b.addVertex("interaction", interaction, dense)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build(), "interaction")
                .setOutputs("out").setInputTypes(types);
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }

    /** The same model in SameDiff, starting from the graph's initial parameters (named like DL4J's). */
    private static SameDiff script(DotInteraction interaction, ComputationGraph graph) {
        SameDiff sd = SameDiff.create();
        SDVariable[] hidden = new SDVariable[F];
        String[] inputs = new String[F];
        for (int i = 0; i < F; i++) {
            inputs[i] = "in" + i;
            SDVariable in = sd.placeHolder(inputs[i], DataType.DOUBLE, -1, IN);
            SDVariable w = sd.var("dense" + i + "_W", graph.getParam("dense" + i + "_W").dup());
            SDVariable bias = sd.var("dense" + i + "_b", graph.getParam("dense" + i + "_b").dup().reshape(D));
            hidden[i] = sd.math.tanh(in.mmul(w).add(bias));
        }
        SDVariable interactions = interaction.define(sd, hidden);
        SDVariable w = sd.var("out_W", graph.getParam("out_W").dup());
        SDVariable bias = sd.var("out_b", graph.getParam("out_b").dup().reshape(1));
        SDVariable prediction = interactions.mmul(w).add(bias);
        SDVariable label = sd.placeHolder("label", DataType.DOUBLE, -1, 1);
        sd.loss.meanSquaredError("loss", label, prediction, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Sgd(LEARNING_RATE))
                .dataSetFeatureMapping(inputs).dataSetLabelMapping("label").build());
        return sd;
    }
}
