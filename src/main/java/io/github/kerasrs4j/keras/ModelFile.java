package io.github.kerasrs4j.keras;

import java.io.Closeable;
import java.util.Map;

/**
 * What a Keras file holds: its model config (as parsed JSON), the Keras version that wrote it (null
 * when the file does not say), its weights, and the text of its asset files (an adapted lookup
 * layer's vocabulary.txt), by path in the archive ("assets/layers/string_lookup/vocabulary.txt";
 * a .h5 has none).
 */
record ModelFile(Map<String, Object> modelConfig, String kerasVersion, SavedWeights weights,
                        Map<String, String> assets) implements Closeable {

    /** The major version of Keras that wrote the file, or -1 when unknown. */
    int kerasMajorVersion() {
        int digits = 0;
        while (kerasVersion != null && digits < Math.min(kerasVersion.length(), 3)
                && Character.isDigit(kerasVersion.charAt(digits))) {
            digits++;
        }
        return digits == 0 ? -1 : Integer.parseInt(kerasVersion.substring(0, digits));
    }

    @Override
    public void close() {
        weights.close();
    }
}
