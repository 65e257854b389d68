package io.github.kerasrs4j.keras;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Reads a Keras legacy .h5 model file: the model_config and keras_version attributes and model_weights. */
final class LegacyH5Reader {

    private static final String NAME = "the HDF5 file";

    private LegacyH5Reader() {
    }

    /** Reads {@code file}, which the caller has checked carries the HDF5 signature. */
    static ModelFile read(Path file) throws KerasImportException {
        Hdf5File h5;
        try {
            h5 = Hdf5File.open(file, NAME);
        } catch (IOException | IllegalArgumentException e) {
            throw new KerasImportException(file, "the HDF5 library cannot open it: " + e.getMessage(), e);
        }
        try {
            String modelConfig = h5.stringAttribute("model_config");
            if (modelConfig == null) {
                throw new KerasImportException(file, "the HDF5 file has no model_config attribute, so it holds "
                        + "weights only (as model.save_weights or a .keras archive's model.weights.h5 do): "
                        + "import the model saved whole, with model.save(...)");
            }
            Map<String, Object> config = ConfigValues.parseJson(modelConfig, "the model_config attribute");
            return new ModelFile(config, h5.stringAttribute("keras_version"), new LegacyH5Weights(h5),
                    Map.of());
        } catch (KerasImportException e) {
            h5.close();
            throw e;
        } catch (IllegalArgumentException e) {
            h5.close();
            throw new KerasImportException(file, e.getMessage(), e);
        }
    }
}
