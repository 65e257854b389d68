package io.github.kerasrs4j.samples.dlrm;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.UncheckedIOException;

/**
 * {@code mvn -B test-compile exec:java [-Dexec.args="..."]}: the DLRM sample's command line. Prints a clear
 * message and exits with status 2 for a bad command line or a bad data file.
 */
public final class DlrmMain {

    static {
        // Before ND4J loads JavaCPP: the check costs about 6% of a training step's CPU time here, and the resident
        // size of a large-vocabulary run is its tables, not a leak to guard against.
        JavaCppMemoryCheck.disableUnlessSet();
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

    /**
     * {@code --threads}: native threads per ND4J op (ND4J's own thread pool and its OpenMP loops) and per BLAS call
     * in this JVM. ND4J 1.0.0-M2.1 ignores {@code Environment.setMaxThreads}; only the environment variable
     * {@code OMP_NUM_THREADS}, read as ND4J loads, sets that last limit too.
     */
    public static void useThreads(int threads) {
        useThreads(threads, threads);
    }

    /**
     * As {@link #useThreads(int)}, with a thread count of its own for each BLAS call, which the dense layers'
     * oneDNN products take too (on ND4J's OpenMP threads, set for the call only).
     */
    public static void useThreads(int threads, int blasThreads) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(blasThreads);
    }
}
