package io.github.kerasrs4j.bench;

import io.github.kerasrs4j.layers.RowLoopEmbeddingLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One embedding layer's backward pass at the MovieLens sample's shapes (a batch of 8,192 ids into the movie
 * table, 1,683 rows of 8): DL4J's {@code EmbeddingLayer}, whose ND4J {@code scatterUpdate} builds two NDArrays per
 * id, against the sample's {@link RowLoopEmbeddingLayer}. One native thread, as the sample runs:
 * {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="EmbeddingBackwardBenchmark -f 1 -wi 3 -i 5"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EmbeddingBackwardBenchmark {

    @Param({"dl4j", "rowLoop"})
    public String layer;
    @Param("1683")
    public int tableRows;
    @Param("8192")
    public int batch;
    @Param("8")
    public int dim;

    private Layer runtime;
    private INDArray epsilon;

    @Setup
    public void setUp() {
        io.github.kerasrs4j.samples.dlrm.DlrmMain.useThreads(1);
        EmbeddingLayer.Builder builder = layer.equals("dl4j") ? new EmbeddingLayer.Builder()
                : new RowLoopEmbeddingLayer.Builder();
        NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .layer(builder.nIn(tableRows).nOut(dim).hasBias(false).build()).build();
        long params = conf.getLayer().initializer().numParams(conf);
        runtime = conf.getLayer().instantiate(conf, List.of(), 0, Nd4j.create(DataType.FLOAT, 1, params), true,
                DataType.FLOAT);
        runtime.setBackpropGradientsViewArray(Nd4j.create(DataType.FLOAT, 1, params));
        Random random = new Random(1);
        float[] ids = new float[batch];
        for (int i = 0; i < batch; i++) {
            ids[i] = random.nextInt(tableRows);
        }
        runtime.setInput(Nd4j.createFromArray(ids).reshape(batch, 1), LayerWorkspaceMgr.noWorkspaces());
        epsilon = Nd4j.rand(DataType.FLOAT, batch, dim);
    }

    @Benchmark
    public INDArray backward() {
        return runtime.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces()).getFirst().gradient();
    }
}
