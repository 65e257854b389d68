package io.github.kerasrs4j.runtime;

import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What this JVM's incubating Vector API ({@code --add-modules jdk.incubator.vector}) offers the kernels that use it.
 * Its loads and stores on ByteBuffers, by which FeatureCross's vector passes and DotInteraction's backward read and
 * write ND4J's native memory, exist in JDK 16 to 18 only: JDK 19 replaced them with MemorySegment ones, which code
 * built for Java 17 cannot call. Where they are missing, those kernels stage their rows in Java arrays instead, and
 * one log line says so.
 */
final class VectorApi {

    /** Whether the JVM was started with the Vector API. */
    static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** Whether vectors load from and store to ByteBuffers here, as the kernels on native memory need. */
    static final boolean BYTE_BUFFER_ACCESS = PRESENT && hasByteBufferAccess();

    static {
        if (PRESENT && !BYTE_BUFFER_ACCESS) {
            LoggerFactory.getLogger(VectorApi.class).info("This JVM (Java {}) has the Vector API without its ByteBuffer "
                    + "loads and stores (removed in JDK 19): DotInteraction and FeatureCross stage their vector "
                    + "kernels' rows in Java arrays (Java 17 reads and writes ND4J's memory in place)",
                    Runtime.version().feature());
        }
    }

    private VectorApi() {
    }

    private static boolean hasByteBufferAccess() {
        try {
            Class.forName("jdk.incubator.vector.FloatVector")
                    .getMethod("intoByteBuffer", ByteBuffer.class, int.class, ByteOrder.class);
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
