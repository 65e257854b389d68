package io.github.kerasrs4j.samples.dlrm;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Draws the models' learning curves into one PNG: losses on top, held-out AUC below, epochs across. */
public final class LearningCurvePlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 700;
    /** One colour per model, dark enough to read on white (JFreeChart's defaults include a pale yellow). */
    private static final Color[] MODEL_COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0x333333)};
    /** Held-out curves are dashed, training curves solid. */
    private static final BasicStroke HELD_OUT = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[]{6f, 4f}, 0f);
    private static final BasicStroke TRAIN = new BasicStroke(2f);

    private LearningCurvePlot() {
    }

    public static void write(List<LearningCurve> curves, Path png) {
        write(curves, png, "DLRM on Criteo-format data: DotInteraction, DCN and concatenation");
    }

    public static void write(List<LearningCurve> curves, Path png, String title) {
        // Drawn off-screen: a machine without a display must not need one. Only takes effect before AWT starts.
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection losses = new XYSeriesCollection();
        XYSeriesCollection aucs = new XYSeriesCollection();
        for (LearningCurve curve : curves) {
            String name = curve.name();
            XYSeries train = new XYSeries(name + ": train loss");
            curve.trainLoss().forEach(point -> train.add(point.epoch(), point.loss()));
            losses.addSeries(train);
            losses.addSeries(heldOutSeries(curve, name + ": held-out log loss", HeldOutMetrics::logLoss));
            aucs.addSeries(heldOutSeries(curve, name + ": held-out AUC", HeldOutMetrics::auc));
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("epoch"));
        // Per model, losses holds its training then its held-out series; aucs its held-out series.
        plot.add(subplot(losses, "binary cross-entropy", 2), 2);
        plot.add(subplot(aucs, "AUC", 1), 1);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        try {
            if (png.getParent() != null) {
                Files.createDirectories(png.getParent());
            }
            ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the learning-curve plot " + png, e);
        }
    }

    private static XYSeries heldOutSeries(LearningCurve curve, String key, ToDoubleFunction<HeldOutMetrics> metric) {
        XYSeries series = new XYSeries(key);
        curve.heldOut().forEach(point -> series.add(point.epoch(), metric.applyAsDouble(point.metrics())));
        return series;
    }

    private static XYPlot subplot(XYSeriesCollection data, String rangeLabel, int seriesPerModel) {
        NumberAxis range = new NumberAxis(rangeLabel);
        range.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int series = 0; series < data.getSeriesCount(); series++) {
            renderer.setSeriesPaint(series, MODEL_COLOURS[(series / seriesPerModel) % MODEL_COLOURS.length]);
            boolean heldOut = series % seriesPerModel == seriesPerModel - 1;
            renderer.setSeriesStroke(series, heldOut ? HELD_OUT : TRAIN);
        }
        XYPlot plot = new XYPlot(data, null, range, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
