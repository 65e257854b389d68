package io.github.kerasrs4j.keras;

import java.io.IOException;
import java.nio.file.Path;

/** A Keras file that cannot be imported; the message names the file and what is wrong with it. */
public class KerasImportException extends IOException {

    /**
     * @param file    the file being imported
     * @param problem what is wrong with it
     */
    public KerasImportException(Path file, String problem) {
        super(message(file, problem));
    }

    /**
     * @param file    the file being imported
     * @param problem what is wrong with it
     * @param cause   the failure behind it
     */
    public KerasImportException(Path file, String problem, Throwable cause) {
        super(message(file, problem), cause);
    }

    private static String message(Path file, String problem) {
        return "Cannot import Keras model " + file + ": " + problem;
    }
}
