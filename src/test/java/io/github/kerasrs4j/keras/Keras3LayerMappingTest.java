package io.github.kerasrs4j.keras;

import static io.github.kerasrs4j.keras.ArrayAssertions.assertClose;
import static io.github.kerasrs4j.keras.ModelConfigBuilder.initializer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Keras layers the fixtures do not use, in configs written the way Keras 3 writes them: each
 * imports (through DL4J's mapper) and computes what Keras's definition of the layer gives.
 */
class Keras3LayerMappingTest {

    @TempDir
    Path dir;

    private final Map<String, INDArray> weights = new LinkedHashMap<>();
    private INDArray x;

    @BeforeEach
    void randomWeights() {
        Nd4j.getRandom().setSeed(12345);
        x = Nd4j.rand(DataType.FLOAT, 5, 6).subi(0.5);
        weights.put("dense/kernel", Nd4j.rand(DataType.FLOAT, 6, 4).subi(0.5));
        weights.put("dense/bias", Nd4j.rand(DataType.FLOAT, 4));
        weights.put("bn/gamma", Nd4j.rand(DataType.FLOAT, 4).addi(0.5));
        weights.put("bn/beta", Nd4j.rand(DataType.FLOAT, 4).subi(0.5));
        weights.put("bn/moving_mean", Nd4j.rand(DataType.FLOAT, 4).subi(0.5));
        weights.put("bn/moving_variance", Nd4j.rand(DataType.FLOAT, 4).addi(0.5));
        weights.put("dense_b/kernel", Nd4j.rand(DataType.FLOAT, 6, 4).subi(0.5));
        weights.put("out/kernel", Nd4j.rand(DataType.FLOAT, 4, 4).subi(0.5));
    }

    @Test
    void functionalModelOfEachLayerFromArchive() throws Exception {
        Path archive = archive(dir.resolve("layers.keras"), layerZoo(), Map.of(
                "dense", List.of(w("dense/kernel"), w("dense/bias")),
                "batch_normalization", List.of(w("bn/gamma"), w("bn/beta"), w("bn/moving_mean"), w("bn/moving_variance")),
                "dense_1", List.of(w("dense_b/kernel"))));
        assertZooComputesKeras(KerasRsModelImport.importKerasModelAndWeights(archive.toString()));
    }

    @Test
    void functionalModelOfEachLayerFromLegacyH5() throws Exception {
        Path h5 = dir.resolve("layers.h5");
        try (Hdf5TestFile file = new Hdf5TestFile(h5)) {
            file.attribute("keras_version", "3.15.1").attribute("backend", "tensorflow")
                    .attribute("model_config", layerZoo()).group("model_weights");
            for (String layer : List.of("dense", "bn", "dense_b")) {
                file.group("model_weights/" + layer).group("model_weights/" + layer + "/" + layer);
                weights.forEach((name, value) -> {
                    if (name.startsWith(layer + "/")) {
                        file.dataset("model_weights/" + layer + "/" + name, value);
                    }
                });
            }
        }
        assertZooComputesKeras(KerasRsModelImport.importKerasModelAndWeights(h5.toString()));
    }

    @Test
    void sequentialModel() throws Exception {
        String config = new ModelConfigBuilder()
                .input("x", 6)
                .layer("Dense", "hidden", dense(4, "linear", true), List.of(4), "x")
                .layer("Dense", "out", dense(4, "sigmoid", false), List.of(4), "hidden")
                .sequential();
        // A Sequential model's saved layers leave its InputLayer out: the Denses are dense and dense_1.
        Path archive = archive(dir.resolve("sequential.keras"), config, Map.of(
                "dense", List.of(w("dense/kernel"), w("dense/bias")), "dense_1", List.of(w("out/kernel"))));

        ComputationGraph graph = KerasRsModelImport.importKerasModelAndWeights(archive.toString());

        assertEquals(List.of("x"), graph.getConfiguration().getNetworkInputs());
        INDArray hidden = x.mmul(w("dense/kernel")).addRowVector(w("dense/bias"));
        assertClose(Transforms.sigmoid(hidden.mmul(w("out/kernel"))), graph.outputSingle(x), "out");
    }

    /**
     * x -> Dense -> BatchNormalization -> tanh -> Dropout -> Reshape(2, 2) -> Flatten; Add and Multiply
     * with a relu Dense(x); Concatenate, Subtract, Average and Maximum of the results.
     */
    private static String layerZoo() {
        Map<String, Object> batchNorm = new LinkedHashMap<>();
        batchNorm.put("axis", -1);
        batchNorm.put("momentum", 0.99);
        batchNorm.put("epsilon", 0.001);
        batchNorm.put("center", true);
        batchNorm.put("scale", true);
        batchNorm.put("beta_initializer", initializer("Zeros"));
        batchNorm.put("gamma_initializer", initializer("Ones"));
        batchNorm.put("moving_mean_initializer", initializer("Zeros"));
        batchNorm.put("moving_variance_initializer", initializer("Ones"));
        batchNorm.put("beta_regularizer", null);
        batchNorm.put("gamma_regularizer", null);
        batchNorm.put("beta_constraint", null);
        batchNorm.put("gamma_constraint", null);
        batchNorm.put("synchronized", false);
        Map<String, Object> dropout = new LinkedHashMap<>();
        dropout.put("rate", 0.5);
        dropout.put("seed", null);
        dropout.put("noise_shape", null);
        return new ModelConfigBuilder()
                .input("x", 6)
                .layer("Dense", "dense", dense(4, "linear", true), List.of(4), "x")
                .layer("BatchNormalization", "bn", batchNorm, List.of(4), "dense")
                .layer("Activation", "act", Map.of("activation", "tanh"), List.of(4), "bn")
                .layer("Dropout", "drop", dropout, List.of(4), "act")
                .layer("Reshape", "reshape", Map.of("target_shape", List.of(2, 2)), List.of(2, 2), "drop")
                .layer("Flatten", "flatten", Map.of("data_format", "channels_last"), List.of(4), "reshape")
                .layer("Dense", "dense_b", dense(4, "relu", false), List.of(4), "x")
                .layer("Add", "add", Map.of(), List.of(4), "flatten", "dense_b")
                .layer("Multiply", "mul", Map.of(), List.of(4), "add", "dense_b")
                .layer("Concatenate", "concat", Map.of("axis", -1), List.of(8), "mul", "act")
                .layer("Subtract", "sub", Map.of(), List.of(4), "mul", "act")
                .layer("Average", "avg", Map.of(), List.of(4), "mul", "act")
                .layer("Maximum", "max", Map.of(), List.of(4), "mul", "act")
                .layer("Concatenate", "merged", Map.of("axis", -1), List.of(12), "sub", "avg", "max")
                .functional(List.of("x"), List.of("concat", "dense_b", "merged"));
    }

    /** The zoo by Keras's definitions, computed directly with ND4J. */
    private void assertZooComputesKeras(ComputationGraph graph) {
        INDArray dense = x.mmul(w("dense/kernel")).addRowVector(w("dense/bias"));
        INDArray normalized = dense.subRowVector(w("bn/moving_mean"))
                .divRowVector(Transforms.sqrt(w("bn/moving_variance").add(0.001)))
                .mulRowVector(w("bn/gamma")).addRowVector(w("bn/beta"));
        INDArray act = Transforms.tanh(normalized);
        INDArray denseB = Transforms.relu(x.mmul(w("dense_b/kernel")));
        INDArray mul = act.add(denseB).mul(denseB);

        assertEquals(List.of("concat", "dense_b", "merged"), graph.getConfiguration().getNetworkOutputs());
        INDArray[] outputs = graph.output(x);
        assertClose(Nd4j.concat(1, mul, act), outputs[0], "concat");
        assertClose(denseB, outputs[1], "dense_b");
        assertClose(Nd4j.concat(1, mul.sub(act), mul.add(act).div(2), Transforms.max(mul, act)), outputs[2], "merged");
    }

    private INDArray w(String name) {
        return weights.get(name);
    }

    private static Map<String, Object> dense(int units, String activation, boolean useBias) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("units", units);
        options.put("activation", activation);
        options.put("use_bias", useBias);
        options.put("kernel_initializer", initializer("GlorotUniform"));
        options.put("bias_initializer", initializer("Zeros"));
        options.put("kernel_regularizer", null);
        options.put("bias_regularizer", null);
        options.put("kernel_constraint", null);
        options.put("bias_constraint", null);
        return options;
    }

    /** A .keras archive of this config and these vars (by the archive's layer keys). */
    private Path archive(Path target, String config, Map<String, List<INDArray>> vars) throws Exception {
        Path weightsFile = dir.resolve(target.getFileName() + ".weights.h5");
        try (Hdf5TestFile file = new Hdf5TestFile(weightsFile)) {
            file.group("layers");
            vars.forEach((key, values) -> {
                file.group("layers/" + key).group("layers/" + key + "/vars");
                for (int i = 0; i < values.size(); i++) {
                    file.dataset("layers/" + key + "/vars/" + i, values.get(i));
                }
            });
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("metadata.json", "{\"keras_version\": \"3.15.1\"}".getBytes(StandardCharsets.UTF_8));
        entries.put("config.json", config.getBytes(StandardCharsets.UTF_8));
        entries.put("model.weights.h5", Files.readAllBytes(weightsFile));
        return BrokenKerasFiles.zip(target, entries);
    }
}
