package io.github.kerasrs4j.samples.dlrm;

/** A Criteo-format file or line that cannot be read; the message names the file and line where known. */
public class CriteoFormatException extends RuntimeException {

    public CriteoFormatException(String message) {
        super(message);
    }

    public CriteoFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
