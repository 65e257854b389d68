package io.github.kerasrs4j.samples.dlrm;

/**
 * JavaCPP's limit on the process's resident memory, {@code org.bytedeco.javacpp.maxPhysicalBytes}: while it is
 * set, JavaCPP reads /proc/self/statm on every native allocation, and a training step makes thousands of small
 * ND4J arrays. The samples turn it off from a static initializer of their main class, before ND4J loads JavaCPP.
 */
public final class JavaCppMemoryCheck {

    private static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    private JavaCppMemoryCheck() {
    }

    /** Turns the check off unless the command line set the property (a -D on the command line wins). */
    public static void disableUnlessSet() {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null && System.getProperty(MAX_PHYSICAL_BYTES.toLowerCase()) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }
}
