package io.github.kerasrs4j.samples.movielens;

/** A MovieLens file that is missing or cannot be read; the message names the file and, for a bad row, the line. */
public class MovieLensFormatException extends RuntimeException {

    public MovieLensFormatException(String message) {
        super(message);
    }

    public MovieLensFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
