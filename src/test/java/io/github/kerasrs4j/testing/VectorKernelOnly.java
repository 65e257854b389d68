package io.github.kerasrs4j.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with every FLOAT DotInteraction call on the CPU's vector kernel, whatever its shape
 * (the runtime otherwise sends the small shapes tests use to the BLAS kernel; DOUBLE always runs there), and restores the
 * setting afterwards: it is JVM-global and the whole suite shares one JVM.
 */
public class VectorKernelOnly implements BeforeAllCallback, AfterAllCallback {

    /** KernelFactory.CPU_KERNEL_PROPERTY, which is package-private to the runtime. */
    private static final String PROPERTY = "kerasrs4j.cpuKernel";

    private String previous;

    @Override
    public void beforeAll(ExtensionContext context) {
        previous = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, "vector");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
    }
}
