package io.github.kerasrs4j.keras;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
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
            return new Keras3SavedModel(config, version, openWeights(file, zip));
        } catch (KerasImportException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new KerasImportException(file, e.getMessage(), e);
        } catch (IOException e) {
            throw new KerasImportException(file, "the .keras archive is not a readable zip (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
    }

    private static String text(Path file, ZipFile zip, String name) throws IOException {
        ZipEntry entry = entry(file, zip, name);
        try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            checkCrc(file, entry, in);
            return text;
        }
    }

    /** ZipFile does not check an entry's CRC; a corrupt entry must not reach the JSON parser or the HDF5 reader. */
    private static void checkCrc(Path file, ZipEntry entry, CheckedInputStream read) throws KerasImportException {
        if (entry.getCrc() != -1 && entry.getCrc() != read.getChecksum().getValue()) {
            throw new KerasImportException(file, "the .keras archive is corrupt: " + entry.getName()
                    + " does not match its CRC");
        }
    }

    /** Copies model.weights.h5 out and opens it: mapped from disk, it need not fit on the heap. */
    private static ArchiveWeights openWeights(Path file, ZipFile zip) throws IOException {
        ZipEntry weights = entry(file, zip, WEIGHTS);
        Path extracted = Files.createTempFile("kerasrs4j-", "-" + WEIGHTS);
        try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(weights), new CRC32())) {
            Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
            checkCrc(file, weights, in);
            if (!KerasFileFormat.isHdf5(extracted)) {
                throw new KerasImportException(file, WEIGHTS + " in the archive is not an HDF5 file");
            }
            return new ArchiveWeights(extracted);
        } catch (IOException e) {
            Files.deleteIfExists(extracted);
            throw e;
        } catch (RuntimeException e) {
            Files.deleteIfExists(extracted);
            throw new KerasImportException(file, "the HDF5 library cannot open " + WEIGHTS + " in the archive: "
                    + e.getMessage(), e);
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
