package io.github.kerasrs4j.keras;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.bytedeco.hdf5.global.hdf5.H5S_SCALAR;

import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes small HDF5 files for tests: root string attributes (fixed-length, as Keras 2 writes them),
 * groups and float datasets. Paths use "/", and a group must be added before what it holds.
 */
final class Hdf5TestFile implements AutoCloseable {

    private final H5File file;

    Hdf5TestFile(Path path) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            file = new H5File(path.toString(), H5F_ACC_TRUNC());
        }
    }

    Hdf5TestFile attribute(String name, String value) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
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

    Hdf5TestFile dataset(String path, INDArray values) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            DataSpace space = new DataSpace(values.rank(), values.shape());
            DataSet dataset = file.createDataSet(path, PredType.NATIVE_FLOAT(), space);
            dataset.write(new FloatPointer(values.castTo(DataType.FLOAT).dup('c').data().asFloat()), PredType.NATIVE_FLOAT());
            dataset.deallocate();
            space.deallocate();
        }
        return this;
    }

    @Override
    public void close() {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            file._close();
            file.deallocate();
        }
    }
}
