package io.github.kerasrs4j.bench;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws the DLRM sample's DotInteraction training throughput against the vocabulary, per embedding form,
 * from the logs of sample runs:
 * {@code java ... io.github.kerasrs4j.bench.VocabularyChart out.png run1.log run2.log ...}, each log the output of
 * {@code DlrmMain --vocab N --embeddings FORM ...}.
 */
public final class VocabularyChart {

    private static final Pattern OPTIONS = Pattern.compile("vocab (\\d+), embedding dim \\d+ \\(([\\w-]+)\\)");
    private static final Pattern THROUGHPUT = Pattern.compile("^DotInteraction training throughput: (\\d+) examples/s",
            Pattern.MULTILINE);

    private VocabularyChart() {
    }

    public static void main(String[] args) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 1; i < args.length; i++) {
            String log = Files.readString(Path.of(args[i]));
            Matcher options = OPTIONS.matcher(log);
            Matcher throughput = THROUGHPUT.matcher(log);
            if (!options.find() || !throughput.find()) {
                throw new IllegalArgumentException(args[i] + " is not the log of a finished DLRM sample run");
            }
            String vocabulary = String.format("%,d rows per table", Long.parseLong(options.group(1)));
            data.addValue(Double.parseDouble(throughput.group(1)), options.group(2), vocabulary);
        }
        LogAxis examples = new LogAxis("training examples/s (log scale, higher is faster)");
        examples.setNumberFormatOverride(new DecimalFormat("#,##0"));
        examples.setRange(100, 100_000);   // bars start at 100 examples/s, not at the axis's default of almost 0
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("vocabulary (26 tables, dim 16, batch 512)"),
                examples, bars);
        JFreeChart chart = new JFreeChart("DLRM sample: EmbeddingCollection against one EmbeddingLayer per feature",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartUtils.saveChartAsPNG(Path.of(args[0]).toFile(), chart, 1000, 600);
    }
}
