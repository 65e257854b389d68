package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

import java.nio.file.Path;
import java.util.Map;

/** Reads a Keras legacy .h5 model file: the model_config and keras_version attributes and model_weights. */
final class LegacyH5Reader {

    private LegacyH5Reader() {
    }

    /** Reads {@code file}, which the caller has checked carries the HDF5 signature. */
    static Keras3SavedModel read(Path file) throws KerasImportException {
        Hdf5Archive archive;
        try {
            archive = new Hdf5Archive(file.toString());
        } catch (RuntimeException e) {
            throw new KerasImportException(file, "the HDF5 library cannot open it (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
        try {
            if (!archive.hasAttribute("model_config")) {
                throw new KerasImportException(file, "the HDF5 file has no model_config attribute, so it holds "
                        + "weights only (as model.save_weights or a .keras archive's model.weights.h5 do): "
                        + "import the model saved whole, with model.save(...)");
            }
            Map<String, Object> config = KerasConfigValues.parseJson(readModelConfig(file, archive),
                    "the model_config attribute");
            String version = archive.hasAttribute("keras_version") ? archive.readAttributeAsString("keras_version") : null;
            return new Keras3SavedModel(config, version, new LegacyH5Weights(archive));
        } catch (KerasImportException e) {
            archive.close();
            throw e;
        } catch (UnsupportedKerasConfigurationException | RuntimeException e) {
            archive.close();
            throw new KerasImportException(file, "cannot read its attributes: " + e.getMessage(), e);
        }
    }

    /**
     * DL4J reads the attribute into ever larger buffers (up to 256 MB, several copies at once) until
     * the text parses as JSON, so a corrupt one exhausts a small heap before DL4J gives up. Those
     * buffers are all unreachable once the error is thrown, so the import can fail cleanly.
     */
    private static String readModelConfig(Path file, Hdf5Archive archive)
            throws KerasImportException, UnsupportedKerasConfigurationException {
        try {
            return archive.readAttributeAsJson("model_config");
        } catch (OutOfMemoryError e) {
            throw new KerasImportException(file, "its model_config attribute is not readable JSON (corrupt file?): "
                    + "DL4J's reader ran out of memory looking for its end", e);
        }
    }
}
