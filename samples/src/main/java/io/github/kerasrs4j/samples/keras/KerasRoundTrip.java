package io.github.kerasrs4j.samples.keras;

import io.github.kerasrs4j.keras.KerasRsModelImport;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The Keras round trip: import a DLRM that Keras 3 built and trained, check its predictions against
 * the ones Keras saved beside it, fine-tune it in DL4J, save it with ModelSerializer and restore it.
 *
 * <p>Arguments: {@code MODEL.keras|MODEL.h5 KERAS_OUTPUTS.json OUT_DIR}; the JSON is the fixture
 * format of src/test/resources/keras3 ({"inputs": {name: rows}, "outputs": {name: rows}}).
 */
public final class KerasRoundTrip {

    private static final int FINE_TUNE_STEPS = 20;

    private KerasRoundTrip() {
    }

    /** What one run found; the sample's test checks it. */
    public record Result(double maxDifferenceFromKeras, double lossBefore, double lossAfter, File savedModel,
                         boolean restoredPredictsTheSame) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: KerasRoundTrip MODEL.keras|MODEL.h5 KERAS_OUTPUTS.json OUT_DIR");
            System.exit(2);
        }
        run(args[0], new File(args[1]), new File(args[2]));
    }

    public static Result run(String modelPath, File kerasOutputs, File outDir) throws IOException {
        ComputationGraph graph = KerasRsModelImport.importKerasModelAndWeights(modelPath);
        Map<String, Object> saved = new ObjectMapper().readValue(kerasOutputs, new TypeReference<Map<String, Object>>() { });
        Map<String, List<?>> kerasInputs = section(saved, "inputs", kerasOutputs);
        Map<String, List<?>> kerasOutputsByName = section(saved, "outputs", kerasOutputs);
        INDArray[] inputs = graph.getConfiguration().getNetworkInputs().stream()
                .map(name -> asColumns(kerasInputs.get(name))).toArray(INDArray[]::new);
        String outputName = kerasOutputsByName.keySet().iterator().next();
        INDArray kerasPrediction = asColumns(kerasOutputsByName.get(outputName));

        // 1. Predict: the same numbers as Keras.
        INDArray prediction = graph.outputSingle(inputs);
        double difference = prediction.sub(kerasPrediction).amaxNumber().doubleValue();
        System.out.printf("imported %s: %d inputs, max |Keras - DL4J| over %d predictions = %.2e%n",
                modelPath, inputs.length, prediction.length(), difference);

        // 2. Fine-tune: Keras keeps the loss in compile(), so put one on top of the output layer.
        ComputationGraph trainable = new TransferLearning.GraphBuilder(graph)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-2)).build())
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.XENT)
                        .activation(Activation.IDENTITY).build(), outputName)
                .setOutputs("loss")
                .build();
        Nd4j.getRandom().setSeed(1);
        INDArray labels = Nd4j.rand(DataType.FLOAT, prediction.size(0), 1).gt(0.5).castTo(DataType.FLOAT);
        MultiDataSet data = new MultiDataSet(inputs, new INDArray[]{labels});
        double before = trainable.score(data);
        for (int step = 0; step < FINE_TUNE_STEPS; step++) {
            trainable.fit(data);
        }
        double after = trainable.score(data);
        System.out.printf("fine-tuned %d Adam steps on new labels: log loss %.4f -> %.4f%n", FINE_TUNE_STEPS, before, after);

        // 3. Save and restore.
        outDir.mkdirs();
        File file = new File(outDir, "keras-round-trip.zip");
        ModelSerializer.writeModel(trainable, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        boolean same = restored.outputSingle(inputs).equals(trainable.outputSingle(inputs));
        System.out.printf("saved %s; restored model predicts the same: %s%n", file, same);
        return new Result(difference, before, after, file, same);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<?>> section(Map<String, Object> saved, String key, File file) {
        Object section = saved.get(key);
        if (!(section instanceof Map)) {
            throw new IllegalArgumentException(file + " has no \"" + key + "\" object of name -> rows");
        }
        return (Map<String, List<?>>) section;
    }

    /** Keras ids of shape () come as a flat list; DL4J takes them as a column [batch, 1]. */
    @SuppressWarnings("unchecked")
    private static INDArray asColumns(List<?> rows) {
        if (!rows.isEmpty() && rows.get(0) instanceof Number) {
            double[][] column = new double[rows.size()][1];
            for (int i = 0; i < column.length; i++) {
                column[i][0] = ((Number) rows.get(i)).doubleValue();
            }
            return Nd4j.create(column).castTo(DataType.FLOAT);
        }
        double[][] values = new double[rows.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((List<Number>) rows.get(i)).stream().mapToDouble(Number::doubleValue).toArray();
        }
        return Nd4j.create(values).castTo(DataType.FLOAT);
    }
}
