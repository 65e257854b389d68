package io.github.kerasrs4j.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link DotInteractionBenchmark} (or, named by a regex, another benchmark, which JMH alone
 * reports) with JMH's own command line (-p, -f, -wi, -i, -rf, -rff, a
 * benchmark regex, ...). Without {@code -p batch/features/dim} it runs the DLRM shapes, which JMH's
 * cross product of @Param values cannot express; {@code MachinePeakBenchmark} alone runs once. Every run writes a Markdown table of the results
 * with the target ratios, and a chart, into target/benchmark ({@link BenchmarkReport}).
 */
public final class BenchmarkMain {

    /** (batch, features, dim) as DLRM uses them. */
    static final int[][] DLRM_SHAPES = {{2048, 27, 128}, {1024, 27, 16}, {256, 8, 32}, {4096, 64, 64}};
    /** Where every run leaves its table and chart (a -rff file from JMH would hold only the last shape's results). */
    static final Path REPORT_DIRECTORY = Path.of("target", "benchmark");

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws CommandLineOptionException, RunnerException {
        CommandLineOptions options = new CommandLineOptions(args);
        OptionsBuilder base = new OptionsBuilder();
        base.parent(options);
        if (options.getIncludes().isEmpty()) {
            base.include(DotInteractionBenchmark.class.getSimpleName());
        }
        if (!options.getIncludes().isEmpty() && options.getIncludes().stream()
                .noneMatch(regex -> regex.contains(DotInteractionBenchmark.class.getSimpleName())
                        || DotInteractionBenchmark.class.getName().matches(".*" + regex + ".*"))) {
            new Runner(base.build()).run();   // another benchmark (FeatureCrossBenchmark): JMH's own summary
            return;
        }
        boolean shapeGiven = options.getParameter("batch").hasValue() || options.getParameter("features").hasValue()
                || options.getParameter("dim").hasValue();
        boolean peakOnly = !options.getIncludes().isEmpty()
                && options.getIncludes().stream().allMatch(regex -> regex.contains(MachinePeakBenchmark.class.getSimpleName()));
        List<RunResult> all = new ArrayList<>();
        if (shapeGiven || peakOnly) {
            all.addAll(new Runner(base.build()).run());
        } else {
            for (int[] shape : DLRM_SHAPES) {
                OptionsBuilder forShape = new OptionsBuilder();
                forShape.parent(base.build());
                forShape.param("batch", String.valueOf(shape[0])).param("features", String.valueOf(shape[1]))
                        .param("dim", String.valueOf(shape[2]));
                all.addAll(new Runner(forShape.build()).run());
            }
        }
        BenchmarkReport report = new BenchmarkReport(all);
        report.write(REPORT_DIRECTORY);
        System.out.println("\nAll results (ms per call), also in " + REPORT_DIRECTORY.resolve("results.md")
                + " with a chart, times.png:\n" + report.markdown());
    }
}
