package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Makes the runtime's kernel for a layout and data type; tests pass their own to run a chosen one. */
@FunctionalInterface
interface KernelFactory {

    /**
     * A system property that puts every shape on one CPU kernel, "vector", "blas" or "nd4j" (the
     * kernel of other backends), to compare them or to test one; unset, each shape runs on the kernel
     * that measured faster for it.
     */
    String CPU_KERNEL_PROPERTY = "kerasrs4j.cpuKernel";

    /**
     * Where ND4J runs on the CPU, on as many threads as ND4J's ops: in FLOAT, SIMD loops in Java or
     * BLAS calls, whichever measured faster for the shape, when the JVM has the Vector API, else BLAS
     * calls; in DOUBLE, BLAS calls; ND4J ops elsewhere.
     */
    KernelFactory DEFAULT = (layout, dataType) -> {
        int threads = Nd4j.getEnvironment().maxThreads();
        long minWork = BlasInteractionKernel.MIN_WORK_PER_THREAD;
        String forced = System.getProperty(CPU_KERNEL_PROPERTY, "");
        if (forced.equals("nd4j")) {
            return new Nd4jInteractionKernel(layout, dataType);
        }
        if (VectorInteractionKernel.supports(dataType) && !forced.equals("blas")) {
            return forced.equals("vector") ? new VectorInteractionKernel(layout, dataType, threads, minWork)
                    : new CpuInteractionKernel(layout, dataType, threads, minWork);
        }
        return BlasInteractionKernel.supports(dataType)
                ? new BlasInteractionKernel(layout, dataType, threads, minWork)
                : new Nd4jInteractionKernel(layout, dataType);
    };

    InteractionKernel create(InteractionLayout layout, DataType dataType);
}
