package io.github.kerasrs4j.keras;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads a .keras archive: config.json, metadata.json, model.weights.h5 (extracted to a temporary file) and assets. */
final class ArchiveReader {

    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    static final String ASSETS = "assets/";
    /** Far above any Keras config (kilobytes to a few megabytes), far below a heap: a zip bomb stops here. */
    static final int MAX_JSON_BYTES = 64 << 20;
    /** The largest HDF5 file the importer reads ({@link Hdf5File}); unpacking more would only fill the disk. */
    static final long MAX_WEIGHTS_BYTES = Integer.MAX_VALUE;

    private ArchiveReader() {
    }

    static ModelFile read(Path file) throws KerasImportException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, Object> config = ConfigValues.parseJson(text(file, zip, CONFIG), CONFIG);
            String version = null;
            if (zip.getEntry(METADATA) != null) {
                Object saved = ConfigValues.parseJson(text(file, zip, METADATA), METADATA).get("keras_version");
                version = saved instanceof String ? (String) saved : null;
            }
            Map<String, String> assets = assets(file, zip);
            return new ModelFile(config, version, openWeights(file, zip), assets);
        } catch (KerasImportException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new KerasImportException(file, e.getMessage(), e);
        } catch (IOException e) {
            throw new KerasImportException(file, "the .keras archive is not a readable zip (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
    }

    /** The text files under assets/, each capped as config.json is. */
    private static Map<String, String> assets(Path file, ZipFile zip) throws IOException {
        Map<String, String> assets = new HashMap<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (entry.getName().startsWith(ASSETS) && !entry.isDirectory()) {
                assets.put(entry.getName(), text(file, zip, entry.getName()));
            }
        }
        return assets;
    }

    private static String text(Path file, ZipFile zip, String name) throws IOException {
        ZipEntry entry = entry(file, zip, name);
        try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
            byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw tooLarge(file, name, MAX_JSON_BYTES);
            }
            checkCrc(file, entry, in);
            return new String(bytes, StandardCharsets.UTF_8);
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
            copyAtMost(file, in, extracted, MAX_WEIGHTS_BYTES);
            checkCrc(file, weights, in);
            if (!FileFormat.isHdf5(extracted)) {
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

    /** Copies {@code in} to {@code target}, failing once more than {@code limit} bytes have come. */
    private static void copyAtMost(Path file, InputStream in, Path target, long limit) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            long copied = 0;
            for (int n; (n = in.read(buffer)) > 0; copied += n) {
                if (copied + n > limit) {
                    throw tooLarge(file, WEIGHTS, limit);
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static KerasImportException tooLarge(Path file, String name, long limit) {
        return new KerasImportException(file, name + " in the .keras archive unpacks to more than " + limit
                + " bytes, the most the importer reads (a corrupt or hostile archive?)");
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
