package io.github.kerasrs4j.keras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The two files Keras 3 saves a model to, told apart by their first bytes rather than their names,
 * so that nothing which is neither ever reaches the zip or HDF5 reader.
 */
enum FileFormat {
    /** The {@code .keras} zip: config.json, metadata.json and model.weights.h5. */
    KERAS_ARCHIVE,
    /** The legacy HDF5 file: a model_config attribute and model_weights/&lt;layer&gt;/... */
    LEGACY_H5;

    private static final byte[] ZIP_LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final byte[] ZIP_EMPTY_ARCHIVE = {'P', 'K', 5, 6};
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** HDF5 allows a user block before the superblock; the signature then sits at 512, 1024, 2048, ... */
    private static final long HDF5_FIRST_USER_BLOCK = 512;

    /**
     * The format of {@code file}.
     *
     * @throws KerasImportException when the file is missing, unreadable, or neither a zip nor HDF5
     */
    static FileFormat of(Path file) throws KerasImportException {
        if (!Files.exists(file)) {
            throw new KerasImportException(file, "the file does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new KerasImportException(file, "not a readable file");
        }
        try {
            byte[] head = readBytes(file, 0, 4);
            if (Arrays.equals(head, ZIP_LOCAL_HEADER) || Arrays.equals(head, ZIP_EMPTY_ARCHIVE)) {
                return KERAS_ARCHIVE;
            }
            if (isHdf5(file)) {
                return LEGACY_H5;
            }
        } catch (IOException e) {
            throw new KerasImportException(file, "could not read it: " + e.getMessage(), e);
        }
        throw new KerasImportException(file, "neither a .keras archive (zip) nor a Keras HDF5 file");
    }

    /** Whether {@code file} carries the HDF5 signature at offset 0 or at a user-block boundary. */
    public static boolean isHdf5(Path file) throws IOException {
        long size = Files.size(file);
        for (long offset = 0; offset + HDF5_SIGNATURE.length <= size;
                offset = offset == 0 ? HDF5_FIRST_USER_BLOCK : offset * 2) {
            if (Arrays.equals(readBytes(file, offset, HDF5_SIGNATURE.length), HDF5_SIGNATURE)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readBytes(Path file, long offset, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            return in.readNBytes(length);
        }
    }
}
