package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.HashMap;
import java.util.Map;

/**
 * Named working arrays kept between calls and grown only when a call needs more: a fresh page
 * costs microseconds to fault in, so allocating megabytes of scratch on every call would cost more
 * than the arithmetic. Not thread-safe: one instance per vertex instance, as DL4J layers are.
 */
final class ScratchArrays {

    private final DataType dataType;
    private final Map<String, INDArray> buffers = new HashMap<>();
    private final Map<Integer, ScratchArrays> parts = new HashMap<>();

    ScratchArrays(DataType dataType) {
        this.dataType = dataType;
    }

    /**
     * The working arrays of part {@code index} of a call split between threads: each part's are its
     * own, so the thread that runs it may use them while others use theirs.
     */
    ScratchArrays forPart(int index) {
        return parts.computeIfAbsent(index, i -> new ScratchArrays(dataType));
    }

    /** A c-ordered array of this shape over the buffer called {@code name}; its contents are undefined. */
    INDArray get(String name, long... shape) {
        long length = 1;
        for (long size : shape) {
            length *= size;
        }
        INDArray buffer = buffers.get(name);
        if (buffer == null || buffer.length() < length) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                buffer = Nd4j.createUninitialized(dataType, Math.max(length, 1));
            }
            buffers.put(name, buffer);
        }
        return buffer.get(NDArrayIndex.interval(0, length)).reshape('c', shape);
    }
}
