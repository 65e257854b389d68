package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The vector kernel's floor, for the benchmark: its arithmetic alone ({@link VectorMath}) on a
 * stacked X [batch, F, D] already in a Java array, the samples split between threads as the kernel
 * splits them; no input to load, no output to hand over; dX written into native memory, as the kernel
 * writes it into the input gradients (where the Vector API cannot, from JDK 19 on, into a Java array, as the
 * kernel stages it there).
 */
public final class VectorKernelFloor {

    private final VectorMath math;
    private final int batch;
    private final int features;
    private final int dim;
    private final int threads;
    private final Object x;
    private final ByteBuffer dx;
    private final ByteBuffer[] dxRows;
    /** dX where it is staged in a Java array, else null. */
    private final float[] stagedDx;
    /** Each thread's offsets of its current sample's dX rows: byte offsets in dx, element offsets in stagedDx. */
    private final int[][] dxAt;
    private final Object[] pairwise;
    private final Object[] columns;
    private final Object symmetric;
    /** Z's lower triangle and diagonal, row by row. */
    private final InteractionLayout lowerTriangle;

    public VectorKernelFloor(DataType dataType, int batch, int features, int dim, int threads) {
        this.math = VectorMath.of(dataType);
        this.batch = batch;
        this.features = features;
        this.dim = dim;
        this.threads = threads;
        int length = batch * features * dim;
        Random random = new Random(42);
        this.x = randomArray(length, random);
        this.dx = ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.nativeOrder());
        this.dxRows = new ByteBuffer[features];
        java.util.Arrays.fill(dxRows, dx);
        this.stagedDx = VectorApi.BYTE_BUFFER_ACCESS ? null : new float[length];
        this.dxAt = new int[threads][features];
        this.pairwise = new Object[threads];
        this.columns = new Object[threads];
        for (int p = 0; p < threads; p++) {
            pairwise[p] = math.newArray(features * features + math.lanes());
            columns[p] = math.newArray(math.columnsLength(features, dim));
        }
        this.lowerTriangle = new InteractionLayout(features, true, false);
        this.symmetric = math.newArray(features * features);
        int[] rowOffset = VectorInteractionKernel.rowOffsets(new InteractionLayout(features, true, true));
        math.symmetricGradient(randomArray(features * features, random), 0, features, rowOffset, true, true,
                symmetric);
    }

    private static Object randomArray(int length, Random random) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Z = X·Xᵀ, the lower triangle and diagonal, for every sample. */
    public void gram() {
        inParts((part, b) -> gramOf(part, b));
    }

    /** That, and dX = S·X for every sample with one symmetric S. */
    public void gramAndTimes() {
        inParts((part, b) -> {
            gramOf(part, b);
            int sample = b * features * dim;
            int[] at = dxAt[part];
            for (int i = 0; i < features; i++) {
                at[i] = stagedDx != null ? sample + i * dim : (sample + i * dim) * Float.BYTES;
            }
            math.times(symmetric, x, sample, dim, features, dim, dxRows, stagedDx, at);
        });
    }

    /** One element of the result, so that the work cannot be optimised away. */
    public double result() {
        return java.lang.reflect.Array.getDouble(pairwise[0], lowerTriangle.outputSize() - 1)
                + (stagedDx != null ? stagedDx[0] : dx.getFloat(0));
    }

    private void gramOf(int part, int b) {
        math.interactions(x, b * features * dim, dim, dim, columns[part], pairwise[part], 0, lowerTriangle);
    }

    private interface SampleWork {
        void run(int part, int sample);
    }

    private void inParts(SampleWork work) {
        IntStream.range(0, threads).parallel().forEach(part -> {
            for (int b = batch * part / threads; b < batch * (part + 1) / threads; b++) {
                work.run(part, b);
            }
        });
    }
}
