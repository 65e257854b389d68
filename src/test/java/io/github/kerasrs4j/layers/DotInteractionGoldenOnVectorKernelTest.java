package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.VectorKernelOnly;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DotInteractionGoldenTest}'s checks with every call on the CPU's vector kernel, which their small shapes would not reach. */
@ExtendWith(VectorKernelOnly.class)
class DotInteractionGoldenOnVectorKernelTest extends DotInteractionGoldenTest {
}
