package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Imports each {@code model=path} argument and prints a line per step, for HostileKerasFilesTest,
 * which runs it in a JVM of its own: should a damaged file hang or crash the JVM, that must fail the
 * test, not take the test JVM with it.
 *
 * <p>Lines: {@code START path}, then {@code REJECTED path}, {@code IMPORTED path} (the graph ran on the
 * model's fixture inputs), or {@code FAILED path what}; {@code DONE} at the end.
 */
public final class ImportEachFile {

    private ImportEachFile() {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            int split = arg.indexOf('=');
            String model = arg.substring(0, split);
            String file = arg.substring(split + 1);
            System.out.println("START " + file);
            try {
                ComputationGraph graph = KerasRsModelImport.importKerasModelAndWeights(file);
                graph.output(Keras3Fixture.load(model).inputArrays());
                System.out.println("IMPORTED " + file);
            } catch (KerasImportException e) {
                System.out.println(e.getMessage().contains(file) ? "REJECTED " + file
                        : "FAILED " + file + " message does not name the file: " + e.getMessage());
            } catch (Throwable e) {
                System.out.println("FAILED " + file + " " + e);
            }
        }
        System.out.println("DONE");
        System.exit(0);
    }
}
