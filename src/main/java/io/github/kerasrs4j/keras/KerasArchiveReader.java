package io.github.kerasrs4j.keras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads a .keras archive: config.json, metadata.json and model.weights.h5 (extracted to a temporary file). */
final class KerasArchiveReader {

    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";

    private KerasArchiveReader() {
    }

    static Keras3SavedModel read(Path file) throws KerasImportException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, Object> config = KerasConfigValues.parseJson(text(file, zip, CONFIG), CONFIG);
            String version = null;
            if (zip.getEntry(METADATA) != null) {
                Object saved = KerasConfigValues.parseJson(text(file, zip, METADATA), METADATA).get("keras_version");
                version = saved instanceof String ? (String) saved : null;
            }
            return new Keras3SavedModel(config, version, new ArchiveWeights(extractWeights(file, zip)));
        } catch (IllegalArgumentException e) {
            throw new KerasImportException(file, e.getMessage(), e);
        } catch (IOException e) {
            if (e instanceof KerasImportException) {
                throw (KerasImportException) e;
            }
            throw new KerasImportException(file, "the .keras archive is not a readable zip (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
    }

    private static String text(Path file, ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(entry(file, zip, name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Copies model.weights.h5 out, since the native HDF5 library reads only files on disk. */
    private static Path extractWeights(Path file, ZipFile zip) throws IOException {
        ZipEntry weights = entry(file, zip, WEIGHTS);
        Path extracted = Files.createTempFile("kerasrs4j-", "-" + WEIGHTS);
        try (InputStream in = zip.getInputStream(weights)) {
            Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
            if (!KerasFileFormat.isHdf5(extracted)) {
                throw new KerasImportException(file, WEIGHTS + " in the archive is not an HDF5 file");
            }
            return extracted;
        } catch (IOException e) {
            Files.deleteIfExists(extracted);
            throw e;
        }
    }

    private static ZipEntry entry(Path file, ZipFile zip, String name) throws KerasImportException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            List<String> names = new ArrayList<>();
            zip.stream().forEach(e -> names.add(e.getName()));
            throw new KerasImportException(file, "the .keras archive has no " + name + " (it holds " + names + ")"
                    + (WEIGHTS.equals(name) ? ": a Keras 3 model archive keeps its weights there" : ""));
        }
        return entry;
    }
}
