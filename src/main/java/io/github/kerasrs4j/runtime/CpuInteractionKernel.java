package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kernel on the CPU when the JVM has the Vector API: each call goes to {@link VectorInteractionKernel}
 * where its shape measured faster there, else to {@link BlasInteractionKernel}. At large F one GEMM
 * per sample amortises its own overhead well, and the vector kernel's Gram matrix works in blocks
 * that waste more of each row as F grows. Measured (docs/performance.md): vector ahead at (F, D) =
 * (27, 128), (27, 16) and (8, 32), level at (64, 64).
 */
final class CpuInteractionKernel implements InteractionKernel {

    /** The largest F at which a call runs on the vector kernel. */
    static final int MAX_VECTOR_FEATURES = 32;

    private final VectorInteractionKernel vector;
    private final BlasInteractionKernel blas;

    CpuInteractionKernel(InteractionLayout layout, DataType dataType, int threads, long minWorkPerThread) {
        this.vector = new VectorInteractionKernel(layout, dataType, threads, minWorkPerThread);
        this.blas = new BlasInteractionKernel(layout, dataType, threads, minWorkPerThread);
    }

    /** Whether calls on inputs of this shape run on the vector kernel. */
    static boolean vectorFaster(int features) {
        return features <= MAX_VECTOR_FEATURES;
    }

    @Override
    public void forward(InteractionInputs inputs, INDArray output) {
        kernelFor(inputs).forward(inputs, output);
    }

    @Override
    public void backward(InteractionInputs inputs, INDArray upstreamGradient, INDArray[] gradients) {
        kernelFor(inputs).backward(inputs, upstreamGradient, gradients);
    }

    private InteractionKernel kernelFor(InteractionInputs inputs) {
        return vectorFaster(inputs.numFeatures) ? vector : blas;
    }
}
