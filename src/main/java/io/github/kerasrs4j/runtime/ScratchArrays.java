package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Named working arrays (ND4J arrays, and Java arrays for per-sample arithmetic) kept between calls
 * and grown only when a call needs more: a fresh page costs microseconds to fault in, so allocating
 * megabytes of scratch on every call would cost more than the arithmetic, and nothing whose size
 * depends only on (F, flags, data type) is allocated per call. Not thread-safe: one instance per
 * vertex instance, as DL4J layers are, and one per part of a call split between threads.
 */
public final class ScratchArrays {

    private final DataType dataType;
    private final Map<String, INDArray> buffers = new HashMap<>();
    /** The last shaped view of each buffer that {@link #get} made: making a view costs tens of microseconds. */
    private final Map<String, ShapedView> views = new HashMap<>();
    private final Map<Integer, ScratchArrays> parts = new HashMap<>();
    private final Map<String, double[]> doubles = new HashMap<>();
    private final Map<String, Object> javaArrays = new HashMap<>();
    private float[] staging = new float[0];

    public ScratchArrays(DataType dataType) {
        this.dataType = dataType;
    }

    /**
     * The working arrays of part {@code index} of a call split between threads: each part's are its
     * own, so the thread that runs it may use them while others use theirs.
     */
    ScratchArrays forPart(int index) {
        return parts.computeIfAbsent(index, i -> new ScratchArrays(dataType));
    }

    /**
     * A c-ordered array of this shape over the buffer called {@code name}; its contents are undefined.
     * Asked for the same shape again, it returns the same array.
     */
    public INDArray get(String name, long... shape) {
        long length = 1;
        for (long size : shape) {
            length *= size;
        }
        INDArray buffer = buffer(name, length);
        ShapedView view = views.get(name);
        if (view == null || view.buffer != buffer || !Arrays.equals(view.array.shape(), shape)) {
            view = new ShapedView(buffer, buffer.get(NDArrayIndex.interval(0, length)).reshape('c', shape));
            views.put(name, view);
        }
        return view.array;
    }

    /** A view of a buffer, which holds while the buffer is the one kept under the view's name. */
    private record ShapedView(INDArray buffer, INDArray array) {
    }

    /**
     * The buffer called {@code name} itself, a vector of at least {@code length} elements: for code
     * that addresses elements directly, without the cost of making a view (tens of microseconds).
     */
    INDArray buffer(String name, long length) {
        INDArray buffer = buffers.get(name);
        if (buffer == null || buffer.length() < length) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                buffer = Nd4j.createUninitialized(dataType, Math.max(length, 1));
            }
            buffers.put(name, buffer);
        }
        return buffer;
    }

    /** The Java array of {@code length} doubles called {@code name}; its contents are undefined. */
    double[] doubles(String name, int length) {
        double[] array = doubles.get(name);
        if (array == null || array.length != length) {
            array = new double[length];
            doubles.put(name, array);
        }
        return array;
    }

    /**
     * The Java array called {@code name}, float[] or double[] by this data type, of at least
     * {@code length} elements; its contents are undefined.
     */
    Object javaArray(String name, int length) {
        Object array = javaArrays.get(name);
        if (array == null || java.lang.reflect.Array.getLength(array) < length) {
            array = dataType == DataType.DOUBLE ? new double[length] : new float[length];
            javaArrays.put(name, array);
        }
        return array;
    }

    /** A float array of at least {@code length} elements for staging copies; its contents are undefined. */
    float[] staging(int length) {
        if (staging.length < length) {
            staging = new float[length];
        }
        return staging;
    }
}
