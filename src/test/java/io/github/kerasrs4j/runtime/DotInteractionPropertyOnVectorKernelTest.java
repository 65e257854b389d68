package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.testing.VectorKernelOnly;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DotInteractionPropertyTest}'s checks with every call on the CPU's vector kernel, which their small shapes would not reach. */
@ExtendWith(VectorKernelOnly.class)
class DotInteractionPropertyOnVectorKernelTest extends DotInteractionPropertyTest {
}
