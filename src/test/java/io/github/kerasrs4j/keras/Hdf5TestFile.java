package io.github.kerasrs4j.keras;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDWR;
import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.bytedeco.hdf5.global.hdf5.H5Lcreate_hard;
import static org.bytedeco.hdf5.global.hdf5.H5Lcreate_soft;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5S_SCALAR;

import org.bytedeco.hdf5.AtomType;
import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.FloatType;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes small HDF5 files for tests with the native HDF5 library, which the importer does not use:
 * root string attributes (fixed-length, as Keras 2 writes them), groups, float16, float32 and
 * float64 datasets, datasets declared without data, and links. Paths use "/", and a group must be added
 * before what it holds.
 */
final class Hdf5TestFile implements AutoCloseable {

    private final H5File file;

    /** Creates {@code path}, replacing any file there. */
    Hdf5TestFile(Path path) {
        this(path, H5F_ACC_TRUNC());
    }

    private Hdf5TestFile(Path path, int access) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            file = new H5File(path.toString(), access);
        }
    }

    /** Opens the existing HDF5 file {@code path} to change it. */
    static Hdf5TestFile editing(Path path) {
        return new Hdf5TestFile(path, H5F_ACC_RDWR());
    }

    /** Sets a root attribute, replacing one of that name. */
    Hdf5TestFile attribute(String name, String value) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            if (file.attrExists(name)) {
                file.removeAttr(name);
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            StrType type = new StrType(PredType.C_S1(), bytes.length);
            DataSpace scalar = new DataSpace(H5S_SCALAR);
            Attribute attribute = file.createAttribute(name, type, scalar);
            attribute.write(type, new BytePointer(bytes));
            attribute.deallocate();
            scalar.deallocate();
            type.deallocate();
        }
        return this;
    }

    Hdf5TestFile group(String path) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            file.createGroup(path).deallocate();
        }
        return this;
    }

    /** A dataset holding {@code values}: float64 for a DOUBLE array, float16 for a HALF one, float32 for any other. */
    Hdf5TestFile dataset(String path, INDArray values) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            boolean doubles = values.dataType() == DataType.DOUBLE;
            PredType memoryType = doubles ? PredType.NATIVE_DOUBLE() : PredType.NATIVE_FLOAT();
            AtomType fileType = values.dataType() == DataType.HALF ? ieeeHalf() : memoryType;
            DataSpace space = new DataSpace(values.rank(), values.shape());
            DataSet dataset = file.createDataSet(path, fileType, space);
            INDArray stored = values.castTo(doubles ? DataType.DOUBLE : DataType.FLOAT).dup('c');
            dataset.write(doubles ? new DoublePointer(stored.data().asDouble())
                    : new FloatPointer(stored.data().asFloat()), memoryType);
            dataset.deallocate();
            space.deallocate();
        }
        return this;
    }

    /** IEEE 754 half precision, which HDF5 does not predefine: float32 narrowed as h5py does it. */
    private static FloatType ieeeHalf() {
        FloatType half = new FloatType(PredType.IEEE_F32LE());
        half.setFields(15, 10, 5, 0, 10);
        half.setSize(2);
        half.setEbias(15);
        return half;
    }

    /** A dataset whose header declares {@code type} and {@code shape}, with no data written. */
    Hdf5TestFile declaredDataset(String path, PredType type, long... shape) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            DataSpace space = new DataSpace(shape.length, shape);
            file.createDataSet(path, type, space).deallocate();
            space.deallocate();
        }
        return this;
    }

    /** A second name, {@code linkPath}, for the existing group or dataset {@code target}. */
    Hdf5TestFile hardLink(String target, String linkPath) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            check(H5Lcreate_hard(file.getId(), target, file.getId(), linkPath, H5P_DEFAULT(), H5P_DEFAULT()));
        }
        return this;
    }

    /** A link at {@code linkPath} that names {@code target}, resolved only when followed. */
    Hdf5TestFile softLink(String target, String linkPath) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            check(H5Lcreate_soft(target, file.getId(), linkPath, H5P_DEFAULT(), H5P_DEFAULT()));
        }
        return this;
    }

    private static void check(int status) {
        if (status < 0) {
            throw new IllegalStateException("HDF5 call failed: " + status);
        }
    }

    @Override
    public void close() {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            file._close();
            file.deallocate();
        }
    }
}
