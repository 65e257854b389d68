package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.InteractionLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * On the CPU backend FLOAT and DOUBLE run on the vector kernel (the suite's JVM has the Vector API),
 * other data types on ND4J ops (docs/dl4j-usage.md).
 */
class KernelFactoryTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"FLOAT,VectorInteractionKernel", "DOUBLE,VectorInteractionKernel", "HALF,Nd4jInteractionKernel",
            "BFLOAT16,Nd4jInteractionKernel"})
    void picksTheKernelByDataType(DataType dataType, String kernel) {
        InteractionKernel made = KernelFactory.DEFAULT.create(new InteractionLayout(4, false, false), dataType);
        assertEquals(kernel, made.getClass().getSimpleName());
    }
}
