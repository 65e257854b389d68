package io.github.kerasrs4j.bench;

import io.github.kerasrs4j.layers.EmbeddingCollection;
import io.github.kerasrs4j.layers.RowSparseStep;
import io.github.kerasrs4j.samples.dlrm.CriteoRowParser;
import io.github.kerasrs4j.samples.dlrm.SyntheticCriteoGenerator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The DLRM sample's EmbeddingCollection alone, trained a step at a time: 26 tables of {@code rows} rows, dim 16,
 * batch 512, lazy Adam, {@link RowSparseStep}, an MSE loss straight on the embeddings. What a step costs more at
 * 1,000,000 rows per table than at 1,000 is what the vocabulary adds to the sample's step. The ids are the
 * sample's: an epoch (352 batches) of its generated rows, gone through once in the setup, as the sample's first
 * epoch does, so that the timed steps find the tables' pages touched. One native thread:
 * {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="EmbeddingCollectionStepBenchmark -f 1 -wi 3 -i 5"}
 * (at 1,000,000 rows the fork holds 6.7 GB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=0",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=0"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EmbeddingCollectionStepBenchmark {

    private static final int FEATURES = 26;
    private static final int DIM = 16;
    private static final int BATCH = 512;
    private static final int POOL = 352;

    @Param({"1000", "1000000"})
    public long rows;

    private ComputationGraph graph;
    private INDArray[] ids;
    private INDArray labels;
    private int next;

    @Setup
    public void setUp() throws IOException {
        io.github.kerasrs4j.samples.dlrm.DlrmMain.useThreads(1);
        EmbeddingCollection.Builder collection = new EmbeddingCollection.Builder().embeddingDim(DIM)
                .output(EmbeddingCollection.Output.CONCATENATED);
        for (int f = 0; f < FEATURES; f++) {
            collection.feature("f" + f, rows);
        }
        graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).graphBuilder().addInputs("ids")
                .addLayer("embeddings", collection.build(), "ids")
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "embeddings")
                .setOutputs("loss").setInputTypes(InputType.feedForward(FEATURES)).build());
        graph.init();
        RowSparseStep.attach(graph);
        ids = sampleIds();
        labels = Nd4j.zeros(DataType.FLOAT, BATCH, FEATURES * DIM);
        for (int b = 0; b < POOL; b++) {
            step();
        }
    }

    /** The categorical ids of the sample's generated rows (seed 42), as its parser hashes them into the tables. */
    private INDArray[] sampleIds() throws IOException {
        Path file = Files.createTempFile("embedding-step", ".tsv");
        try {
            new SyntheticCriteoGenerator(42).write(file, (long) POOL * BATCH);
            CriteoRowParser parser = new CriteoRowParser(Math.toIntExact(rows));
            List<String> lines = Files.readAllLines(file);
            INDArray[] batches = new INDArray[POOL];
            for (int b = 0; b < POOL; b++) {
                float[] batch = new float[BATCH * FEATURES];
                for (int e = 0; e < BATCH; e++) {
                    int[] categories = parser.parse(lines.get(b * BATCH + e)).categories();
                    for (int f = 0; f < FEATURES; f++) {
                        batch[e * FEATURES + f] = categories[f];
                    }
                }
                batches[b] = Nd4j.createFromArray(batch).reshape(BATCH, FEATURES);
            }
            return batches;
        } finally {
            Files.delete(file);
        }
    }

    @Benchmark
    public void step() {
        graph.fit(new INDArray[]{ids[next]}, new INDArray[]{labels});
        next = (next + 1) % POOL;
    }
}
