package io.github.kerasrs4j.samples.dlrm;

/** A command line the sample cannot run: the message names the flag or argument at fault. */
public class UsageException extends IllegalArgumentException {

    public UsageException(String message) {
        super(message);
    }
}
