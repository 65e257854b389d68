package io.github.kerasrs4j.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs {@link DotInteractionBenchmark} with JMH's own command line (-p, -f, -wi, -i, -rf, -rff, a
 * benchmark regex, ...). Without {@code -p batch/features/dim} it runs the DLRM shapes, which JMH's
 * cross product of @Param values cannot express.
 */
public final class BenchmarkMain {

    /** (batch, features, dim) as DLRM uses them. */
    static final int[][] DLRM_SHAPES = {{2048, 27, 128}, {1024, 27, 16}, {256, 8, 32}, {4096, 64, 64}};

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws CommandLineOptionException, RunnerException {
        CommandLineOptions options = new CommandLineOptions(args);
        OptionsBuilder base = new OptionsBuilder();
        base.parent(options);
        if (options.getIncludes().isEmpty()) {
            base.include(DotInteractionBenchmark.class.getSimpleName());
        }
        boolean shapeGiven = options.getParameter("batch").hasValue() || options.getParameter("features").hasValue()
                || options.getParameter("dim").hasValue();
        if (shapeGiven) {
            new Runner(base.build()).run();
            return;
        }
        List<RunResult> all = new ArrayList<>();
        for (int[] shape : DLRM_SHAPES) {
            OptionsBuilder forShape = new OptionsBuilder();
            forShape.parent(base.build());
            forShape.param("batch", String.valueOf(shape[0])).param("features", String.valueOf(shape[1]))
                    .param("dim", String.valueOf(shape[2]));
            Collection<RunResult> results = new Runner(forShape.build()).run();
            all.addAll(results);
        }
        System.out.println("\nAll DLRM shapes:");
        for (RunResult r : all) {
            System.out.printf("%-20s %s  %10.3f ± %.3f %s%n", r.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    r.getParams().getParamsKeys().stream().map(k -> k + "=" + r.getParams().getParam(k))
                            .reduce((a, b) -> a + " " + b).orElse(""),
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
                    r.getPrimaryResult().getScoreUnit());
        }
    }
}
