package dev.vigia.pipeline.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The comparison's pictures, drawn with JFreeChart: mAP against FPS (one labelled point per
 * detector and batch), precision–recall curves of each detector for the set's most frequent
 * classes, and F1 against the confidence threshold per detector.
 */
public final class ComparisonCharts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    private static final int PR_CLASSES = 4;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private ComparisonCharts() {}

    /** Writes {@code map-vs-fps.png}, {@code pr-DETECTOR.png} per detector and {@code f1-confidence.png}; returns them. */
    public static List<Path> write(Path folder, String dataset, List<ComparisonRun.Row> rows, Map<String, Integer> classCounts)
            throws IOException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        written.add(save(folder.resolve("map-vs-fps.png"), mapVsFps(dataset, rows)));
        List<String> frequent = classCounts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(Map.Entry::getKey).limit(PR_CLASSES).toList();
        // Accuracy curves once per detector: its batch sizes detect the same boxes, so they share them.
        List<ComparisonRun.Row> perDetector = new ArrayList<>(rows.stream()
                .collect(java.util.stream.Collectors.toMap(ComparisonRun.Row::detector, r -> r, (first, later) -> first,
                        java.util.LinkedHashMap::new)).values());
        for (ComparisonRun.Row row : perDetector) {
            if (!row.classCurves().isEmpty()) {
                written.add(save(folder.resolve("pr-" + row.detector() + ".png"), precisionRecall(dataset, row, frequent)));
            }
        }
        written.add(save(folder.resolve("f1-confidence.png"), f1Confidence(dataset, perDetector)));
        return written;
    }

    /** One colour per detector; the detector's name by its first point, each batch size under its own point. */
    private static JFreeChart mapVsFps(String dataset, List<ComparisonRun.Row> rows) {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> byDetector = new java.util.LinkedHashMap<>();
        for (ComparisonRun.Row r : rows) {
            if (!Double.isNaN(r.ap())) {
                byDetector.computeIfAbsent(r.detector(), XYSeries::new).add(r.fps(), 100 * r.ap());
            }
        }
        byDetector.values().forEach(data::addSeries);
        JFreeChart chart = chart("mAP against speed — " + dataset, "frames per second", "COCO mAP .50:.95 (%)", data);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < byDetector.size(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-6, -6, 12, 12));
        }
        plot.setRenderer(renderer);
        java.util.Set<String> named = new java.util.HashSet<>();
        Map<String, Integer> batchLabels = new java.util.HashMap<>();
        double top = rows.stream().filter(r -> !Double.isNaN(r.ap())).mapToDouble(r -> 100 * r.ap()).max().orElse(100);
        boolean severalBatches = rows.stream().map(ComparisonRun.Row::batch).distinct().count() > 1;
        for (ComparisonRun.Row r : rows) {
            if (Double.isNaN(r.ap())) {
                continue;
            }
            if (named.add(r.detector())) {
                XYTextAnnotation label = new XYTextAnnotation("  " + r.detector(), r.fps(), 100 * r.ap());
                label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
                label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
                plot.addAnnotation(label);
            }
            if (severalBatches) {
                // Batch sizes of one detector often sit almost on one spot: their labels go one under another.
                int below = batchLabels.merge(r.detector(), 1, Integer::sum) - 1;
                XYTextAnnotation batch = new XYTextAnnotation("batch " + r.batch(), r.fps(), 100 * r.ap() - 0.045 * top * below);
                batch.setTextAnchor(TextAnchor.TOP_CENTER);
                batch.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                plot.addAnnotation(batch);
            }
        }
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(true);
        // Room on the right for the labels of the fastest points.
        plot.getDomainAxis().setUpperMargin(0.35);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        chart.removeLegend();
        return chart;
    }

    private static JFreeChart precisionRecall(String dataset, ComparisonRun.Row row, List<String> frequent) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String name : frequent) {
            double[] curve = row.classCurves().get(name);
            if (curve == null) {
                continue;
            }
            XYSeries series = new XYSeries(name);
            for (int r = 0; r < curve.length; r++) {
                series.add(r / 100.0, curve[r]);
            }
            data.addSeries(series);
        }
        JFreeChart chart = chart("Precision–recall at IoU 0.5 — " + row.detector() + " on " + dataset, "recall", "precision", data);
        lines(chart.getXYPlot(), data.getSeriesCount());
        unitAxes(chart.getXYPlot());
        return chart;
    }

    private static JFreeChart f1Confidence(String dataset, List<ComparisonRun.Row> rows) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ComparisonRun.Row r : rows) {
            if (r.classes().isEmpty()) {
                continue;
            }
            XYSeries series = new XYSeries(r.detector());
            for (int c = 0; c < r.f1ByConfidence().length; c++) {
                series.add(c / 100.0, r.f1ByConfidence()[c]);
            }
            data.addSeries(series);
        }
        JFreeChart chart = chart("F1 against the confidence threshold (IoU 0.5) — " + dataset, "confidence threshold", "F1", data);
        lines(chart.getXYPlot(), data.getSeriesCount());
        unitAxes(chart.getXYPlot());
        return chart;
    }

    private static JFreeChart chart(String title, String x, String y, XYSeriesCollection data) {
        JFreeChart chart = org.jfree.chart.ChartFactory.createXYLineChart(title, x, y, data);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return chart;
    }

    private static void lines(XYPlot plot, int series) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < series; s++) {
            renderer.setSeriesPaint(s, COLORS[s % COLORS.length]);
            renderer.setSeriesStroke(s, new BasicStroke(2.5f));
        }
        plot.setRenderer(renderer);
    }

    private static void unitAxes(XYPlot plot) {
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1.02);
    }

    private static Path save(Path file, JFreeChart chart) throws IOException {
        Path partial = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".part");
        ChartUtils.saveChartAsPNG(partial.toFile(), chart, WIDTH, HEIGHT);
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Ground-truth boxes per class, for choosing the classes the precision–recall charts show. */
    public static Map<String, Integer> classCounts(LabelledImages set) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        var gt = set.truth().groundTruth();
        for (int i = 0; i < gt.size(); i++) {
            counts.merge(set.truth().categoryNames().get(gt.category(i)), 1, Integer::sum);
        }
        return counts;
    }
}
