package io.github.kerasrs4j.runtime;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A c-ordered FLOAT or DOUBLE array in host memory as BLAS calls, byte copies and element reads
 * and writes address it, by element index from the array's first element. Each thread makes its
 * own: {@link #at} moves the one typed pointer it keeps, so that a call per sample allocates nothing.
 */
final class HostArray {

    private final Pointer pointer;
    private final long pointerBase;
    private final ByteBuffer bytes;
    private final ByteBuffer nativeBytes;
    private final long base;
    private final int width;
    /** The typed view for element reads and writes: one of the two, by data type. */
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private final ScratchArrays scratch;

    /** @param scratch the working arrays of the thread that uses it, for staging element reads and writes */
    HostArray(INDArray array, ScratchArrays scratch) {
        this.scratch = scratch;
        bytes = RunCopy.bytes(array);   // checks the layout
        Pointer buffer = array.data().pointer();
        pointer = array.dataType() == DataType.DOUBLE ? new DoublePointer(buffer) : new FloatPointer(buffer);
        pointerBase = buffer.position() + array.offset();
        base = array.offset();
        width = array.dataType().width();
        nativeBytes = bytes.duplicate().order(ByteOrder.nativeOrder());
        floats = width == 4 ? nativeBytes.asFloatBuffer() : null;
        doubles = width == 4 ? null : nativeBytes.asDoubleBuffer();
    }

    /** The typed pointer, moved to element {@code index}; valid until the next call of this method. */
    Pointer at(long index) {
        return pointer.position(pointerBase + index);
    }

    /** The array's bytes in the host's byte order, for vector loads and stores; {@link #byteIndex} addresses them. */
    ByteBuffer nativeBytes() {
        return nativeBytes;
    }

    /** Where element {@code index} starts in {@link #nativeBytes()}. */
    int byteIndex(long index) {
        return Math.toIntExact((base + index) * width);
    }

    /** Reads {@code target.length} elements, from element {@code index} on, widened to double (exactly). */
    void get(long index, double[] target) {
        int at = Math.toIntExact(base + index);
        if (floats == null) {
            doubles.get(at, target);
            return;
        }
        float[] staged = scratch.staging(target.length);
        floats.get(at, staged, 0, target.length);
        for (int i = 0; i < target.length; i++) {   // a plain array loop: bulk copy and widening beat element-wise buffer reads
            target[i] = staged[i];
        }
    }

    /** Writes {@code source} from element {@code index} on; a FLOAT array stores each value rounded to float. */
    void set(long index, double[] source) {
        int at = Math.toIntExact(base + index);
        if (floats == null) {
            doubles.put(at, source);
            return;
        }
        float[] staged = scratch.staging(source.length);
        for (int i = 0; i < source.length; i++) {
            staged[i] = (float) source[i];
        }
        floats.put(at, staged, 0, source.length);
    }

    /** Copies {@code length} elements from element {@code index} on into a Java array of this data type. */
    void read(long index, Object target, int offset, int length) {
        int at = Math.toIntExact(base + index);
        if (floats != null) {
            floats.get(at, (float[]) target, offset, length);
        } else {
            doubles.get(at, (double[]) target, offset, length);
        }
    }

    /** Copies {@code length} elements of a Java array of this data type to element {@code index} on. */
    void write(long index, Object source, int offset, int length) {
        int at = Math.toIntExact(base + index);
        if (floats != null) {
            floats.put(at, (float[]) source, offset, length);
        } else {
            doubles.put(at, (double[]) source, offset, length);
        }
    }

    /** Copies {@code length} elements from element {@code index} on to {@code target}'s element {@code targetIndex} on. */
    void copyTo(long index, HostArray target, long targetIndex, int length) {
        target.bytes.put(Math.toIntExact((target.base + targetIndex) * width), bytes,
                Math.toIntExact((base + index) * width), length * width);
    }
}
