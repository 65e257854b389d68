package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.BitForBit;
import io.github.kerasrs4j.testing.DoublePrecision;
import io.github.kerasrs4j.testing.RoundTrips;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Concatenate computes what DL4J's MergeVertex computes for feed-forward inputs, forward and backward, bit for
 * bit; its gradients pass a finite-difference check with trainable layers before it; bad inputs are named; the
 * config survives JSON, YAML, clone, Java serialization and ModelSerializer.
 */
class ConcatenateTest {

    private static final int IN = 3;
    private static final int[] WIDTHS = {2, 5, 3};
    private static final int BATCH = 4;

    /** Inputs in0..in2 [batch, 3] -> Dense(2), Dense(5), Dense(3) -> {@code join} -> Dense(3) -> Output(2, MSE). */
    private static ComputationGraph graph(GraphVertex join, DataType dataType, IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(7).dataType(dataType)
                .updater(updater).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in0", "in1", "in2");
        String[] names = new String[WIDTHS.length];
        for (int i = 0; i < WIDTHS.length; i++) {
            names[i] = "dense" + i;
            b.addLayer(names[i], new DenseLayer.Builder().nIn(IN).nOut(WIDTHS[i]).activation(Activation.TANH).build(),
                    "in" + i);
        }
        b.addVertex("joined", join, names)
                .addLayer("top", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), "joined")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "top")
                .setOutputs("out")
                .setInputTypes(InputType.feedForward(IN), InputType.feedForward(IN), InputType.feedForward(IN));
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }

    private static INDArray[] inputs(DataType dataType) {
        Nd4j.getRandom().setSeed(5);
        return Stream.generate(() -> Nd4j.rand(dataType, BATCH, IN).subi(0.5)).limit(3).toArray(INDArray[]::new);
    }

    @Test
    void computesWhatMergeVertexComputesBitForBit() {
        for (DataType dataType : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            ComputationGraph merged = graph(new MergeVertex(), dataType, new NoOp());
            ComputationGraph concatenated = graph(new Concatenate(), dataType, new NoOp());
            concatenated.setParams(merged.params());
            INDArray[] inputs = inputs(dataType);
            INDArray[] labels = {Nd4j.rand(dataType, BATCH, 2)};
            BitForBit.assertSameArray(merged.feedForward(inputs, false).get("joined"),
                    concatenated.feedForward(inputs, false).get("joined"), "output");
            BitForBit.assertSameGradients(merged, concatenated, inputs, labels, dataType.toString());
        }
    }

    /** In double precision, as GradientCheckUtil demands; the setting is JVM-global, so only for this class. */
    @Nested
    @ExtendWith(DoublePrecision.class)
    class GradientCheck {

        @Test
        void gradientsPassTheFiniteDifferenceCheck() {
            ComputationGraph graph = graph(new Concatenate(), DataType.DOUBLE, new NoOp());
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(inputs(DataType.DOUBLE)).labels(new INDArray[]{Nd4j.rand(DataType.DOUBLE, BATCH, 2)})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
        }
    }

    @Test
    void outputTypeIsTheSumOfTheWidthsAndOtherTypesAreNamed() {
        Concatenate concatenate = new Concatenate();
        assertEquals(InputType.feedForward(10), concatenate.getOutputType(-1, InputType.feedForward(2),
                InputType.feedForward(5), InputType.feedForward(3)));
        InvalidInputTypeException e = assertThrows(InvalidInputTypeException.class, () -> concatenate.getOutputType(-1,
                InputType.feedForward(2), InputType.recurrent(4, 3, RNNFormat.NWC)));
        assertTrue(e.getMessage().contains("input 1") && e.getMessage().contains("feedForward"), e.getMessage());
        assertThrows(InvalidInputTypeException.class, () -> concatenate.getOutputType(-1));
    }

    @Test
    void badArraysAreNamedAtRunTime() {
        ComputationGraph graph = graph(new Concatenate(), DataType.FLOAT, new NoOp());
        org.deeplearning4j.nn.graph.vertex.GraphVertex vertex = graph.getVertex("joined");
        vertex.setInputs(Nd4j.rand(DataType.FLOAT, BATCH, 2), Nd4j.rand(DataType.FLOAT, BATCH + 1, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vertex.doForward(false, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("'joined'") && e.getMessage().contains("input 1")
                && e.getMessage().contains("[5, 5]"), e.getMessage());
        vertex.setInputs(Nd4j.rand(DataType.FLOAT, BATCH, 2), Nd4j.rand(DataType.FLOAT, BATCH, 5, 1));
        e = assertThrows(IllegalArgumentException.class,
                () -> vertex.doForward(false, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("input 1") && e.getMessage().contains("[4, 5, 1]"), e.getMessage());
    }

    @Test
    void configRoundTripsAndClones() throws Exception {
        ComputationGraphConfiguration conf = graph(new Concatenate(), DataType.FLOAT, new Adam(0.01)).getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        assertEquals(conf, ComputationGraphConfiguration.fromYaml(conf.toYaml()));
        assertEquals(new Concatenate(), ComputationGraphConfiguration.fromJson(conf.toJson()).getVertices().get("joined"));
        assertEquals(conf, RoundTrips.viaJavaSerialization(conf));
        ComputationGraphConfiguration cloned = conf.clone();
        assertEquals(conf, cloned);
        assertNotSame(conf.getVertices().get("joined"), cloned.getVertices().get("joined"));
        assertEquals(new Concatenate().hashCode(), new Concatenate().clone().hashCode());
    }

    @Test
    void modelSerializerRestoresAModelThatTrainsLikeTheOriginal(@TempDir File dir) throws Exception {
        ComputationGraph graph = graph(new Concatenate(), DataType.FLOAT, new Adam(0.01));
        MultiDataSet data = new MultiDataSet(inputs(DataType.FLOAT), new INDArray[]{Nd4j.rand(DataType.FLOAT, BATCH, 2)});
        graph.fit(data);
        RoundTrips.assertRestoredTrainsLikeOriginal(graph, RoundTrips.viaModelSerializer(graph, dir), data);
    }
}
