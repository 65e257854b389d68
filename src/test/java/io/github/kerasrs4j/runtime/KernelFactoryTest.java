package io.github.kerasrs4j.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the CPU backend FLOAT runs on the vector or BLAS kernel by shape (the suite's JVM has the Vector
 * API), DOUBLE on the BLAS kernel, other data types on ND4J ops (docs/dl4j-usage.md).
 */
class KernelFactoryTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"FLOAT,CpuInteractionKernel", "DOUBLE,BlasInteractionKernel", "HALF,Nd4jInteractionKernel",
            "BFLOAT16,Nd4jInteractionKernel"})
    void picksTheKernelByDataType(DataType dataType, String kernel) {
        InteractionKernel made = KernelFactory.DEFAULT.create(new InteractionLayout(4, false, false), dataType);
        assertEquals(kernel, made.getClass().getSimpleName());
    }

    @Test
    void theVectorKernelRunsOnEveryJdkWithTheVectorApi() {
        assertTrue(VectorApi.PRESENT, "the suite's JVM runs with --add-modules jdk.incubator.vector");
        assertEquals(Runtime.version().feature() <= 18, VectorApi.BYTE_BUFFER_ACCESS);
        assertTrue(VectorInteractionKernel.supports(DataType.FLOAT));
        assertFalse(VectorInteractionKernel.supports(DataType.DOUBLE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"vector,VectorInteractionKernel", "blas,BlasInteractionKernel", "nd4j,Nd4jInteractionKernel"})
    void theSystemPropertyPutsEveryShapeOnOneKernel(String forced, String kernel) {
        System.setProperty(KernelFactory.CPU_KERNEL_PROPERTY, forced);
        try {
            InteractionKernel made = KernelFactory.DEFAULT.create(new InteractionLayout(4, false, false), DataType.FLOAT);
            assertEquals(kernel, made.getClass().getSimpleName());
        } finally {
            System.clearProperty(KernelFactory.CPU_KERNEL_PROPERTY);
        }
    }

    @Test
    void vectorKernelWhereItMeasuredFaster() {
        assertTrue(CpuInteractionKernel.vectorFaster(27));
        assertTrue(CpuInteractionKernel.vectorFaster(8));
        assertFalse(CpuInteractionKernel.vectorFaster(64));
    }
}
