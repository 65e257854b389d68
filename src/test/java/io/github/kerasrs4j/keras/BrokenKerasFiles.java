package io.github.kerasrs4j.keras;

import io.jhdf.HdfFile;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Writes damaged or altered copies of Keras files for the importer's error tests. */
final class BrokenKerasFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BrokenKerasFiles() {
    }

    /** The entries of a zip, by name, in order. */
    static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                entries.put(entry.getName(), file.getInputStream(entry).readAllBytes());
            }
        }
        return entries;
    }

    /** Writes {@code entries} as a zip at {@code target}. */
    static Path zip(Path target, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return target;
    }

    /** A copy of the .keras archive {@code source} whose JSON entry {@code name} was changed by {@code edit}. */
    @SuppressWarnings("unchecked")
    static Path withJsonEdited(Path source, Path target, String name, Consumer<Map<String, Object>> edit)
            throws IOException {
        Map<String, byte[]> entries = entries(source);
        Map<String, Object> json = JSON.readValue(entries.get(name), Map.class);
        edit.accept(json);
        entries.put(name, JSON.writeValueAsBytes(json));
        return zip(target, entries);
    }

    /** A copy of the legacy .h5 {@code source} whose model_config attribute was changed by {@code edit}. */
    @SuppressWarnings("unchecked")
    static Path withModelConfigEdited(Path source, Path target, Consumer<Map<String, Object>> edit) throws IOException {
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> config;
        try (HdfFile h5 = new HdfFile(source)) {
            config = JSON.readValue((String) h5.getAttribute("model_config").getData(), Map.class);
        }
        edit.accept(config);
        try (Hdf5TestFile h5 = Hdf5TestFile.editing(target)) {
            h5.attribute("model_config", JSON.writeValueAsString(config));
        }
        return target;
    }

    /** The layer named {@code layerName} in a parsed Keras 3 model config (config.json or model_config). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> layer(Map<String, Object> modelConfig, String layerName) {
        for (Object layer : (Iterable<Object>) ((Map<String, Object>) modelConfig.get("config")).get("layers")) {
            if (layerName.equals(((Map<String, Object>) layer).get("name"))) {
                return (Map<String, Object>) layer;
            }
        }
        throw new IllegalArgumentException("no layer " + layerName);
    }

    /** The first {@code length} bytes of {@code source}. */
    static Path truncated(Path source, Path target, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        return Files.write(target, Arrays.copyOf(bytes, length));
    }

    /** {@code source} with {@code count} bytes inverted, starting {@code offset} bytes after the first occurrence of {@code marker}. */
    static Path corruptedAfter(Path source, Path target, byte[] marker, int offset, int count) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        int at = indexOf(bytes, marker);
        if (at < 0) {
            throw new IllegalArgumentException("marker not found in " + source);
        }
        for (int i = at + offset; i < at + offset + count; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        return Files.write(target, bytes);
    }

    /** Where {@code marker} first occurs in {@code bytes}, or -1. */
    static int indexOf(byte[] bytes, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= bytes.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
