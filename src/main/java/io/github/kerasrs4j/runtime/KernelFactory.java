package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Makes the runtime's kernel for a layout and data type; tests pass their own to run a chosen one. */
@FunctionalInterface
interface KernelFactory {

    /** BLAS calls where ND4J runs on the CPU in FLOAT or DOUBLE, on as many threads as ND4J's ops; ND4J ops elsewhere. */
    KernelFactory DEFAULT = (layout, dataType) -> BlasInteractionKernel.supports(dataType)
            ? new BlasInteractionKernel(layout, dataType, Nd4j.getEnvironment().maxThreads(),
                    BlasInteractionKernel.MIN_WORK_PER_THREAD)
            : new Nd4jInteractionKernel(layout, dataType);

    InteractionKernel create(InteractionLayout layout, DataType dataType);
}
