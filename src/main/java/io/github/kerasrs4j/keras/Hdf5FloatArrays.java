package io.github.kerasrs4j.keras;

import io.jhdf.api.Dataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.DataLayout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Turns an HDF5 dataset of IEEE floats into an INDArray of the same shape, after checking from its
 * header alone that it can be one: a damaged header must fail here, not in an allocation of the size
 * it claims.
 */
final class Hdf5FloatArrays {

    /** The most dimensions HDF5 and ND4J allow. */
    private static final int MAX_RANK = 32;

    private Hdf5FloatArrays() {
    }

    /**
     * @param fileSize the bytes in the whole file: Keras stores weights uncompressed, so no dataset holds more
     * @throws IllegalArgumentException saying why the dataset cannot be read
     */
    static INDArray read(Dataset dataset, long fileSize) {
        DataType type = dataset.getDataType();
        if (!(type instanceof FloatingPoint) || !isIeee(type.getSize(), ((FloatingPoint) type).getBitPrecision())) {
            throw new IllegalArgumentException("it holds " + type.getClass().getSimpleName() + " values of "
                    + type.getSize() + " bytes, not IEEE floats of 2, 4 or 8 bytes");
        }
        long[] shape = dataset.getDimensionsAsLong();
        long bytes = checkedBytes(shape, type.getSize());
        if (bytes == 0) {
            throw new IllegalArgumentException("it is empty: its shape is " + Arrays.toString(shape));
        }
        if (bytes > fileSize) {
            throw new IllegalArgumentException("its shape " + Arrays.toString(shape) + " needs " + bytes
                    + " bytes, more than the whole file (" + fileSize + " bytes)");
        }
        if (dataset.getDataLayout() == DataLayout.CHUNKED) {
            throw new IllegalArgumentException("it is stored in chunks, possibly compressed, and Keras writes "
                    + "weights whole");
        }
        if (dataset.isEmpty()) {
            throw new IllegalArgumentException("no data is stored for it");
        }
        Object values = dataset.getDataFlat();
        INDArray flat = values instanceof double[] doubles ? Nd4j.createFromArray(doubles)
                : Nd4j.createFromArray((float[]) values);
        return flat.reshape('c', shape);
    }

    private static boolean isIeee(int bytes, int bits) {
        return bytes * 8 == bits && (bytes == 2 || bytes == 4 || bytes == 8);
    }

    /** The bytes that {@code shape} needs; refuses shapes that cannot be an INDArray. */
    private static long checkedBytes(long[] shape, int elementBytes) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("it has " + shape.length + " dimensions, more than " + MAX_RANK);
        }
        long bytes = elementBytes;
        for (long size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException("its shape " + Arrays.toString(shape) + " has a negative size");
            }
            try {
                bytes = Math.multiplyExact(bytes, size);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("its shape " + Arrays.toString(shape) + " needs more than "
                        + Long.MAX_VALUE + " bytes", e);
            }
        }
        return bytes;
    }
}
