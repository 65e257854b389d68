package io.github.kerasrs4j.bench;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a benchmark run into what docs/performance.md shows: a Markdown table per (shape, flags)
 * with the ratios the performance targets name, the throughput of useful work and of input, the
 * machine's peaks when {@link MachinePeakBenchmark} ran, and a bar chart of the times (PNG).
 *
 * <p>Useful work is what the layer's result needs: a forward computes each kept entry of Z once
 * (2D flops each), a backward adds each kept entry's gradient into two rows of dX (4D flops each);
 * input is the F x D values of every sample, 4 bytes each (fp32).
 */
final class BenchmarkReport {

    /** The benchmark methods, in the table's column order. */
    private static final List<String> METHODS = List.of("forward", "forwardBackward", "bareVectorGram",
            "bareVectorGramBackward", "bareMatmul", "bareMatmulBackward", "nd4jBatchedMatmul", "oneDnnBatchedMatmul",
            "oneDnnBatchedMatmulBackward");

    /** Scores by configuration ("2048, 27, 128 | self=false | gather"), then by method. */
    private final Map<String, Map<String, Result<?>>> scores = new LinkedHashMap<>();
    /** Each configuration's parameters. */
    private final Map<String, BenchmarkParams> parameters = new LinkedHashMap<>();
    /** MachinePeakBenchmark's scores by method. */
    private final Map<String, Result<?>> peaks = new LinkedHashMap<>();

    BenchmarkReport(Collection<RunResult> results) {
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            if (params.getBenchmark().contains(MachinePeakBenchmark.class.getSimpleName())) {
                peaks.put(methodName(params), result.getPrimaryResult());
                continue;
            }
            String configuration = params.getParam("batch") + ", " + params.getParam("features") + ", "
                    + params.getParam("dim") + " | self=" + params.getParam("selfInteraction") + " | "
                    + (Boolean.parseBoolean(params.getParam("skipGather")) ? "skip_gather" : "gather")
                    + ("byShape".equals(params.getParam("kernel")) ? "" : ", kernel=" + params.getParam("kernel"));
            parameters.put(configuration, params);
            scores.computeIfAbsent(configuration, c -> new LinkedHashMap<>()).put(methodName(params), result.getPrimaryResult());
        }
    }

    private static String methodName(BenchmarkParams params) {
        return params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    }

    /** Writes results.md and times.png into {@code directory}. */
    void write(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("results.md"), markdown());
            // Drawn off-screen: a machine without a display must not need one.
            System.setProperty("java.awt.headless", "true");
            ChartUtils.saveChartAsPNG(directory.resolve("times.png").toFile(), chart(), 1200, 700);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark report to " + directory, e);
        }
    }

    String markdown() {
        StringBuilder table = new StringBuilder("| batch, F, D | flags | mode | ")
                .append(String.join(" | ", METHODS))
                .append(" | forward / bareVectorGram | forwardBackward / bareVectorGramBackward")
                .append(" | forward / bareMatmul | forwardBackward / bareMatmulBackward |\n")
                .append("| --- ".repeat(METHODS.size() + 7)).append("|\n");
        scores.forEach((configuration, byMethod) -> {
            table.append("| ").append(configuration).append(" |");
            for (String method : METHODS) {
                Result<?> result = byMethod.get(method);
                table.append(result == null ? " - |" : String.format(" %.2f ± %.2f |", result.getScore(), result.getScoreError()));
            }
            table.append(' ').append(ratio(byMethod, "forward", "bareVectorGram")).append(" | ")
                    .append(ratio(byMethod, "forwardBackward", "bareVectorGramBackward")).append(" | ")
                    .append(ratio(byMethod, "forward", "bareMatmul")).append(" | ")
                    .append(ratio(byMethod, "forwardBackward", "bareMatmulBackward")).append(" |\n");
        });
        table.append("\n| batch, F, D | flags | mode | forward GFLOP/s (useful) | forward GB/s (input) |")
                .append(" forwardBackward GFLOP/s (useful) |\n").append("| --- ".repeat(6)).append("|\n");
        scores.forEach((configuration, byMethod) -> {
            BenchmarkParams params = parameters.get(configuration);
            long batch = Long.parseLong(params.getParam("batch"));
            long f = Long.parseLong(params.getParam("features"));
            long d = Long.parseLong(params.getParam("dim"));
            long kept = Boolean.parseBoolean(params.getParam("selfInteraction")) ? f * (f + 1) / 2 : f * (f - 1) / 2;
            double forwardFlops = 2.0 * batch * kept * d;
            table.append("| ").append(configuration).append(" | ")
                    .append(perSecond(byMethod.get("forward"), forwardFlops)).append(" | ")
                    .append(perSecond(byMethod.get("forward"), 4.0 * batch * f * d)).append(" | ")
                    .append(perSecond(byMethod.get("forwardBackward"), 3 * forwardFlops)).append(" |\n");
        });
        if (!peaks.isEmpty()) {
            double gemmFlops = 2.0 * Math.pow(MachinePeakBenchmark.GEMM_SIZE, 3);
            table.append("\n| machine peak | sgemm GFLOP/s (OpenBLAS) | sgemm GFLOP/s (oneDNN) | memory copy GB/s (bytes read) |\n")
                    .append("| --- | --- | --- | --- |\n")
                    .append("| measured | ").append(perSecond(peaks.get("sgemm"), gemmFlops)).append(" | ")
                    .append(perSecond(peaks.get("dnnlSgemm"), gemmFlops)).append(" | ")
                    .append(perSecond(peaks.get("memoryCopy"), MachinePeakBenchmark.COPY_BYTES)).append(" |\n");
        }
        return table.toString();
    }

    /** Giga-units per second of {@code amount} per call, from a time in ms per call. */
    private static String perSecond(Result<?> result, double amount) {
        return result == null ? "-" : String.format("%.1f", amount / result.getScore() / 1e6);
    }

    private static String ratio(Map<String, Result<?>> byMethod, String numerator, String denominator) {
        Result<?> top = byMethod.get(numerator);
        Result<?> bottom = byMethod.get(denominator);
        return top == null || bottom == null ? "-" : String.format("%.2f", top.getScore() / bottom.getScore());
    }

    private JFreeChart chart() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        scores.forEach((configuration, byMethod) -> METHODS.forEach(method -> {
            Result<?> result = byMethod.get(method);
            if (result != null) {
                data.addValue(result.getScore(), method, configuration);
            }
        }));
        CategoryAxis configurations = new CategoryAxis("batch, F, D | flags | mode");
        configurations.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        LogAxis milliseconds = new LogAxis("ms per call (log scale)");
        milliseconds.setSmallestValue(0.01);
        milliseconds.setNumberFormatOverride(new DecimalFormat("0.##"));
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        CategoryPlot plot = new CategoryPlot(data, configurations, milliseconds, bars);
        return new JFreeChart("DotInteraction: the runtime against its matmul floor (fp32, lower is faster)",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }
}
