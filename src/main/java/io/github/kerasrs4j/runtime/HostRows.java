package io.github.kerasrs4j.runtime;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Rows of equal width in the host memory of a FLOAT or DOUBLE ND4J array, read and written a row at a
 * time without ND4J ops (each of which costs microseconds) and without views: tables and their
 * optimizer state are touched a few thousand rows per step. The memory is split into direct buffers of
 * at most 1 GiB, so tables larger than Java's 2 GiB buffer limit work too. Values are read as and
 * written from doubles; a FLOAT array stores them rounded to float.
 */
public final class HostRows {

    private static final long CHUNK_BYTES = 1L << 30;
    /**
     * Rows spread over more memory than this (more than a server's last-level cache) are mostly cache and TLB
     * misses when read one at a time, so {@link #prefetch} reads them ahead; below it, they are cached.
     */
    private static final long PREFETCH_ABOVE_BYTES = 64L << 20;
    /**
     * How many rows to {@link #prefetch} before copying them: enough for the CPU to overlap their misses, few enough
     * (8 KiB of 16-float rows per array) that they are still in the core's own caches when they are copied, whatever
     * other processes do to the shared cache meanwhile.
     */
    private static final int PREFETCH_ROWS = 128;

    private final INDArray array;   // keeps the memory alive
    private final int width;
    private final boolean isFloat;
    private final long rowsPerChunk;
    private final FloatBuffer[] floatChunks;
    private final DoubleBuffer[] doubleChunks;
    private final boolean prefetches;
    private float[] staging = new float[0];
    private double[] doubleStaging = new double[0];
    /** Where {@link #prefetch} leaves what it read, so that the JIT keeps the reads. */
    private long prefetched;

    /** The {@code rows} rows of {@code width} elements from element {@code firstElement} of {@code array} (c order). */
    public HostRows(INDArray array, long firstElement, long rows, int width) {
        if (!RunCopy.isContiguous(array)) {
            throw new IllegalStateException("HostRows needs a c-ordered array without gaps, got " + array.shapeInfoToString());
        }
        if (array.dataType() != DataType.FLOAT && array.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("only FLOAT and DOUBLE arrays are supported, got " + array.dataType());
        }
        if (firstElement + rows * width > array.length()) {
            throw new IllegalArgumentException(rows + " rows of " + width + " from element " + firstElement
                    + " do not fit in " + array.shapeInfoToString());
        }
        this.array = array;
        this.width = width;
        this.isFloat = array.dataType() == DataType.FLOAT;
        int elementBytes = array.dataType().width();
        prefetches = rows * width * elementBytes > PREFETCH_ABOVE_BYTES;
        rowsPerChunk = Math.max(1, CHUNK_BYTES / ((long) width * elementBytes));
        int chunks = (int) Math.max(1, (rows + rowsPerChunk - 1) / rowsPerChunk);
        floatChunks = isFloat ? new FloatBuffer[chunks] : null;
        doubleChunks = isFloat ? null : new DoubleBuffer[chunks];
        Pointer buffer = array.data().pointer();
        long start = firstElementAddress(array) - buffer.address() + firstElement * elementBytes;   // from address()
        for (int c = 0; c < chunks; c++) {
            long chunkRows = Math.min(rowsPerChunk, rows - c * rowsPerChunk);
            long from = start + c * rowsPerChunk * width * elementBytes;
            long to = from + chunkRows * width * elementBytes;
            // A pointer whose address is the chunk's start: JavaCPP makes a direct buffer only from positions and
            // limits below 2 GiB, and the Adam state of large tables lies beyond that from its buffer's start.
            BytePointer chunkStart = new BytePointer(buffer).position(0).getPointer(BytePointer.class, from);
            ByteBuffer bytes = chunkStart.capacity(to - from).limit(to - from).asByteBuffer()
                    .order(ByteOrder.nativeOrder());
            if (isFloat) {
                floatChunks[c] = bytes.asFloatBuffer();
            } else {
                doubleChunks[c] = bytes.asDoubleBuffer();
            }
        }
    }

    /** The address of element 0 of {@code array} (not of its buffer): views of one buffer compare by it. */
    public static long firstElementAddress(INDArray array) {
        Pointer buffer = array.data().pointer();
        return buffer.address() + (buffer.position() + array.offset()) * array.dataType().width();
    }

    /** The array these rows lie in. */
    public INDArray array() {
        return array;
    }

    public int width() {
        return width;
    }

    /** Whether {@link #prefetch} reads ahead: whether these rows span more memory than a cache holds. */
    public boolean prefetches() {
        return prefetches;
    }

    /**
     * Brings the rows listed in {@code rows[from, to)} into the cache, when {@link #prefetches}: one tight loop of
     * loads, whose cache and TLB misses the CPU overlaps by the dozen, where the row-by-row copies that follow
     * would wait for each miss in turn.
     */
    public void prefetch(long[] rows, int from, int to) {
        if (!prefetches) {
            return;
        }
        long read = 0;
        int last = width - 1;   // a row may straddle two cache lines
        for (int i = from; i < to; i++) {
            long row = rows[i];
            int chunk = (int) (row / rowsPerChunk);
            int at = (int) ((row % rowsPerChunk) * width);
            if (isFloat) {
                read += Float.floatToRawIntBits(floatChunks[chunk].get(at))
                        ^ Float.floatToRawIntBits(floatChunks[chunk].get(at + last));
            } else {
                read += Double.doubleToRawLongBits(doubleChunks[chunk].get(at))
                        ^ Double.doubleToRawLongBits(doubleChunks[chunk].get(at + last));
            }
        }
        prefetched += read;
    }

    /**
     * For a loop over {@code rows[0, count)} with row copies: at {@code i}, the start of each block of
     * {@link #PREFETCH_ROWS}, {@link #prefetch prefetches} that block.
     */
    public void prefetchBlockAt(long[] rows, int i, int count) {
        if (prefetches && i % PREFETCH_ROWS == 0) {
            prefetch(rows, i, Math.min(count, i + PREFETCH_ROWS));
        }
    }

    /** Reads row {@code row} into {@code target} from {@code offset} on. */
    public void read(long row, double[] target, int offset) {
        read(row, 1, target, offset);
    }

    /**
     * Reads the {@code count} rows from row {@code firstRow} on into {@code target} from {@code offset} on, in
     * one bulk copy per 1 GiB chunk: a bulk copy costs about as much for one short row as for thousands.
     */
    public void read(long firstRow, int count, double[] target, int offset) {
        int done = 0;
        while (done < count) {
            long row = firstRow + done;
            int chunk = (int) (row / rowsPerChunk);
            int at = (int) ((row % rowsPerChunk) * width);
            int rows = (int) Math.min(count - done, rowsPerChunk - row % rowsPerChunk);
            int length = rows * width;
            int to = offset + done * width;
            if (isFloat) {
                float[] staged = staging(length);
                floatChunks[chunk].get(at, staged, 0, length);
                for (int i = 0; i < length; i++) {
                    target[to + i] = staged[i];
                }
            } else {
                doubleChunks[chunk].get(at, target, to, length);
            }
            done += rows;
        }
    }

    /** Writes row {@code row} from {@code source}, from {@code offset} on. */
    public void write(long row, double[] source, int offset) {
        int chunk = (int) (row / rowsPerChunk);
        int at = (int) ((row % rowsPerChunk) * width);
        if (isFloat) {
            float[] staged = staging(width);
            for (int i = 0; i < width; i++) {
                staged[i] = (float) source[offset + i];
            }
            floatChunks[chunk].put(at, staged, 0, width);
        } else {
            doubleChunks[chunk].put(at, source, offset, width);
        }
    }

    /** Copies row {@code row} to row {@code targetRow} of {@code target}, of the same width and data type. */
    public void copyRow(long row, HostRows target, long targetRow) {
        int chunk = (int) (row / rowsPerChunk);
        int at = (int) ((row % rowsPerChunk) * width);
        int targetChunk = (int) (targetRow / target.rowsPerChunk);
        int targetAt = (int) ((targetRow % target.rowsPerChunk) * width);
        if (isFloat) {
            target.floatChunks[targetChunk].put(targetAt, floatChunks[chunk], at, width);
        } else {
            target.doubleChunks[targetChunk].put(targetAt, doubleChunks[chunk], at, width);
        }
    }

    /**
     * Subtracts row {@code row} of {@code amounts} (of the same width and data type) from row {@code row}
     * here, element by element in the rows' own precision: what ND4J's {@code subi} computes for them.
     */
    public void subtractRow(long row, HostRows amounts) {
        if (isFloat) {   // bulk copies through Java arrays: element-wise buffer access is several times slower
            int chunk = (int) (row / rowsPerChunk);
            int at = (int) ((row % rowsPerChunk) * width);
            int amountChunk = (int) (row / amounts.rowsPerChunk);
            int amountAt = (int) ((row % amounts.rowsPerChunk) * width);
            float[] values = staging(width);
            float[] subtracted = amounts.staging(width);
            floatChunks[chunk].get(at, values, 0, width);
            amounts.floatChunks[amountChunk].get(amountAt, subtracted, 0, width);
            for (int i = 0; i < width; i++) {
                values[i] -= subtracted[i];
            }
            floatChunks[chunk].put(at, values, 0, width);
        } else {
            double[] values = doubleStaging(2 * width);
            read(row, values, 0);
            amounts.read(row, values, width);
            for (int i = 0; i < width; i++) {
                values[i] -= values[width + i];
            }
            write(row, values, 0);
        }
    }

    private float[] staging(int length) {
        if (staging.length < length) {
            staging = new float[length];
        }
        return staging;
    }

    private double[] doubleStaging(int length) {
        if (doubleStaging.length < length) {
            doubleStaging = new double[length];
        }
        return doubleStaging;
    }
}
