package io.github.kerasrs4j.samples.dlrm;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the samples' command lines share: {@code --help} prints the usage, and a bad command line prints
 * {@code error: ...} and the usage, a bad data file its error, each exiting with status 2.
 */
public final class CommandLine {

    private CommandLine() {
    }

    /**
     * The options {@code parse} reads from {@code args}; null when they ask for help, after printing
     * {@code usage}. A {@link UsageException} ends the program with status 2.
     */
    public static <T> T parseOrExit(String[] args, Function<String[], T> parse, Predicate<T> help, String usage) {
        T options;
        try {
            options = parse.apply(args);
        } catch (UsageException e) {
            exit("error: " + e.getMessage() + "\n\n" + usage);
            return null;
        }
        if (help.test(options)) {
            System.out.println(usage);
            return null;
        }
        return options;
    }

    /** Prints {@code message} to standard error and exits with status 2. */
    public static void exit(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
