package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;

/**
 * Copies runs of contiguous elements between two c-ordered arrays as raw bytes. Stacking the
 * inputs and gathering the triangle are just such runs; measured here, ND4J's stack, gather and
 * strided assign ops took 10 to 100 times longer for them than these plain memory copies.
 */
public final class RunCopy {

    private RunCopy() {
    }

    /**
     * Copies {@code count} runs of {@code runLength} elements: run r goes from element
     * {@code srcStart + r * srcStride} of {@code src} to element {@code dstStart + r * dstStride} of
     * {@code dst} (indices into the arrays read in c order). Both arrays share one data type.
     */
    static void copyRuns(INDArray src, long srcStart, long srcStride,
                         INDArray dst, long dstStart, long dstStride, long runLength, long count) {
        int width = src.dataType().width();
        ByteBuffer from = bytes(src);
        ByteBuffer to = bytes(dst);
        long srcBase = src.offset() + srcStart;
        long dstBase = dst.offset() + dstStart;
        int runBytes = Math.toIntExact(runLength * width);
        for (long r = 0; r < count; r++) {
            to.put(Math.toIntExact((dstBase + r * dstStride) * width), from,
                    Math.toIntExact((srcBase + r * srcStride) * width), runBytes);
        }
    }

    /** The array itself when its elements lie in c order without gaps, else such a copy. */
    public static INDArray contiguous(INDArray array) {
        return isContiguous(array) ? array : array.dup('c');
    }

    /** Whether the elements lie in c order without gaps; the strides of size-1 dimensions do not matter. */
    static boolean isContiguous(INDArray array) {
        long[] shape = array.shape();
        long[] stride = array.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** The array's buffer as bytes from its element 0 (not from the array's offset). */
    static ByteBuffer bytes(INDArray array) {
        if (!isContiguous(array)) {
            throw new IllegalStateException("RunCopy needs c-ordered arrays with default strides, got "
                    + array.shapeInfoToString());
        }
        if (array.data().length() * array.dataType().width() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("DotInteraction supports arrays of up to 2 GiB, got "
                    + array.shapeInfoToString());
        }
        return array.data().asNio();
    }
}
