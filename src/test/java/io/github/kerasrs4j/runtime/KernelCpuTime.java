package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The vector and BLAS kernels side by side on one thread, in the thread's CPU time rather than
 * wall time: on a loaded machine, wall times measure the other processes, CPU times still compare
 * the kernels. Best of {@value #REPEATS} calls per kernel, interleaved, at the benchmark's shapes,
 * fp32, self_interaction off. Run (docs/performance.md):
 * {@code mvn -B test-compile exec:exec -Dexec.executable=java
 * -Dexec.args="--add-modules jdk.incubator.vector -classpath %classpath io.github.kerasrs4j.runtime.KernelCpuTime"}
 */
public final class KernelCpuTime {

    private static final int REPEATS = 15;
    private static final int[][] SHAPES = {{2048, 27, 128}, {1024, 27, 16}, {512, 27, 16}, {256, 8, 32}, {4096, 64, 64}};

    private KernelCpuTime() {
    }

    public static void main(String[] args) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        System.out.println("| batch, F, D | mode | forward BLAS | forward vector | BLAS / vector | forward+backward BLAS"
                + " | forward+backward vector | BLAS / vector |\n| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int[] shape : SHAPES) {
            for (boolean skipGather : new boolean[]{false, true}) {
                int batch = shape[0];
                int f = shape[1];
                int d = shape[2];
                InteractionLayout layout = new InteractionLayout(f, false, skipGather);
                INDArray[] features = new INDArray[f];
                INDArray[] gradients = new INDArray[f];
                for (int i = 0; i < f; i++) {
                    features[i] = Nd4j.randn(DataType.FLOAT, batch, d);
                    gradients[i] = Nd4j.create(DataType.FLOAT, batch, d);
                }
                InteractionInputs inputs = new InteractionInputs(features, null, DataType.FLOAT);
                INDArray output = Nd4j.create(DataType.FLOAT, batch, layout.outputSize());
                INDArray upstream = Nd4j.randn(DataType.FLOAT, batch, layout.outputSize());
                InteractionKernel[] kernels = {new BlasInteractionKernel(layout, DataType.FLOAT, 1, 1),
                        new VectorInteractionKernel(layout, DataType.FLOAT, 1, 1)};
                double[] forward = {Double.MAX_VALUE, Double.MAX_VALUE};
                double[] both = {Double.MAX_VALUE, Double.MAX_VALUE};
                for (int repeat = 0; repeat < REPEATS; repeat++) {
                    for (int k = 0; k < kernels.length; k++) {
                        long start = bean.getCurrentThreadCpuTime();
                        kernels[k].forward(inputs, output);
                        long forwardEnd = bean.getCurrentThreadCpuTime();
                        kernels[k].backward(inputs, upstream, gradients);
                        long end = bean.getCurrentThreadCpuTime();
                        forward[k] = Math.min(forward[k], (forwardEnd - start) / 1e6);
                        both[k] = Math.min(both[k], (end - start) / 1e6);
                    }
                }
                System.out.printf("| %d, %d, %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", batch, f, d,
                        skipGather ? "skip_gather" : "gather", forward[0], forward[1], forward[0] / forward[1], both[0],
                        both[1], both[0] / both[1]);
            }
        }
    }
}
