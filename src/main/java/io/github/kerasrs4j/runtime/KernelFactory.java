package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.InteractionLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Makes the runtime's kernel for a layout and data type; tests pass their own to run a chosen one. */
@FunctionalInterface
interface KernelFactory {

    /**
     * Where ND4J runs on the CPU in FLOAT or DOUBLE, on as many threads as ND4J's ops: SIMD loops in
     * Java when the JVM has the Vector API, else BLAS calls; ND4J ops elsewhere.
     */
    KernelFactory DEFAULT = (layout, dataType) -> {
        int threads = Nd4j.getEnvironment().maxThreads();
        if (VectorInteractionKernel.supports(dataType)) {
            return new VectorInteractionKernel(layout, dataType, threads, BlasInteractionKernel.MIN_WORK_PER_THREAD);
        }
        return BlasInteractionKernel.supports(dataType)
                ? new BlasInteractionKernel(layout, dataType, threads, BlasInteractionKernel.MIN_WORK_PER_THREAD)
                : new Nd4jInteractionKernel(layout, dataType);
    };

    InteractionKernel create(InteractionLayout layout, DataType dataType);
}
