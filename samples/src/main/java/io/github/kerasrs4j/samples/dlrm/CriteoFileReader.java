package io.github.kerasrs4j.samples.dlrm;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Streams the rows of one split of a Criteo TSV file (plain or .gz), one line at a time, so a file of any
 * size works. Errors name the file and the 1-based line.
 */
public final class CriteoFileReader implements Closeable {

    private final Path file;
    private final CriteoRowParser parser;
    private final DataSplit split;
    private final long maxLines;
    private final BufferedReader lines;
    private long lineNumber;

    /**
     * @param maxLines read at most this many lines of the file (both splits count); 0 reads them all
     */
    public CriteoFileReader(Path file, CriteoRowParser parser, DataSplit split, long maxLines) {
        this.file = file;
        this.parser = parser;
        this.split = split;
        this.maxLines = maxLines;
        this.lines = open(file);
    }

    /** The next row of this split, or null at the end. */
    public CriteoRow next() {
        String line;
        while ((line = readLine()) != null) {
            lineNumber++;
            if (split.contains(lineNumber)) {
                try {
                    return parser.parse(line);
                } catch (CriteoFormatException e) {
                    throw new CriteoFormatException(file + ":" + lineNumber + ": " + e.getMessage(), e);
                }
            }
        }
        return null;
    }

    /** The number of lines read so far, the last one included. */
    public long lineNumber() {
        return lineNumber;
    }

    private String readLine() {
        if (maxLines > 0 && lineNumber >= maxLines) {
            return null;
        }
        try {
            return lines.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Criteo file " + file + " after line " + lineNumber, e);
        }
    }

    private static BufferedReader open(Path file) {
        if (!Files.exists(file)) {
            throw new CriteoFormatException("Criteo file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new CriteoFormatException("Criteo file " + file + " is not a regular file");
        }
        try {
            InputStream in = Files.newInputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            // Criteo files are ASCII; Latin-1 decodes any byte, so a stray one reaches the parser's clearer check.
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open Criteo file " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close Criteo file " + file, e);
        }
    }
}
