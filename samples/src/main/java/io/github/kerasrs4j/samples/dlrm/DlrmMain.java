package io.github.kerasrs4j.samples.dlrm;

import org.nd4j.linalg.factory.Nd4j;

import java.io.UncheckedIOException;

/**
 * {@code mvn -B test-compile exec:java [-Dexec.args="..."]}: the DLRM sample's command line. Prints a clear
 * message and exits with status 2 for a bad command line or a bad data file.
 */
public final class DlrmMain {

    /** JavaCPP's limit on the process's resident memory; its check reads /proc/self/statm on every native allocation. */
    private static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    static {
        // Before ND4J loads JavaCPP: the check costs about 6% of a training step's CPU time here (thousands of small
        // arrays per step), and the resident size of a large-vocabulary run is its tables, not a leak to guard
        // against. A -D on the command line wins.
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null && System.getProperty(MAX_PHYSICAL_BYTES.toLowerCase()) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }

    private DlrmMain() {
    }

    public static void main(String[] args) {
        DlrmOptions options = CommandLine.parseOrExit(args, DlrmOptions::parse, DlrmOptions::help, DlrmOptions.USAGE);
        if (options == null) {
            return;
        }
        // JVM-wide, so set here for the command line only, not by the experiment (tests share their JVM)
        useThreads(options.threads());
        try {
            new DlrmExperiment(options, System.out).run();
        } catch (CriteoFormatException e) {
            CommandLine.exit("error: " + e.getMessage());
        } catch (UncheckedIOException e) {
            CommandLine.exit("error: " + e.getMessage() + ": " + e.getCause().getMessage());
        }
    }

    /** {@code --threads}: native threads per ND4J op and BLAS call in this JVM. */
    public static void useThreads(int threads) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
