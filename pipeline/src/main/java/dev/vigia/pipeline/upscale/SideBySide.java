package dev.vigia.pipeline.upscale;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * One picture for people to judge super-resolution by eye: per benchmark sample a row of the same
 * crop — the shrunk input (blown up pixel for pixel), bicubic, each model, and the original —
 * each magnified without smoothing so every method's own pixels show.
 */
public final class SideBySide {

    private static final int HEADER = 26;

    private SideBySide() {}

    /**
     * @param crop the side, in original pixels, of the square shown from the middle of each image
     * @param zoom how many screen pixels each original pixel takes
     */
    public static Mat of(List<UpscaleBenchmark.Sample> samples, int crop, int zoom) {
        List<Mat> rows = new ArrayList<>();
        for (UpscaleBenchmark.Sample sample : samples) {
            rows.add(row(sample, crop, zoom));
        }
        int width = rows.stream().mapToInt(Mat::cols).max().orElse(1);
        int height = rows.stream().mapToInt(Mat::rows).sum();
        Mat sheet = new Mat(height, width, CV_8UC3, new Scalar(255, 255, 255, 0));
        int y = 0;
        for (Mat row : rows) {
            int rowHeight = row.rows();
            try (row; Mat target = sheet.apply(new Rect(0, y, row.cols(), rowHeight))) {
                row.copyTo(target);
            }
            y += rowHeight;
        }
        return sheet;
    }

    private static Mat row(UpscaleBenchmark.Sample sample, int crop, int zoom) {
        Mat original = sample.original();
        int side = Math.min(crop, Math.min(original.cols(), original.rows())) / sample.scale() * sample.scale();
        int x = (original.cols() - side) / 2 / sample.scale() * sample.scale();
        int y = (original.rows() - side) / 2 / sample.scale() * sample.scale();
        Rect region = new Rect(x, y, side, side);
        List<Mat> panels = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        panels.add(sample.shrunk().apply(new Rect(x / sample.scale(), y / sample.scale(), side / sample.scale(), side / sample.scale())));
        labels.add(String.format(Locale.ROOT, "input 1/%d %s", sample.scale(),
                sample.degradation() == UpscaleBenchmark.Degradation.PLAIN ? "plain" : "anti-aliased"));
        for (int m = 0; m < sample.methods().size(); m++) {
            panels.add(sample.restored().get(m).apply(region));
            labels.add(sample.methods().get(m));
        }
        panels.add(original.apply(region));
        labels.add("original");
        int panel = side * zoom;
        Mat row = new Mat(panel + HEADER, panels.size() * (panel + 4), CV_8UC3, new Scalar(255, 255, 255, 0));
        for (int i = 0; i < panels.size(); i++) {
            int left = i * (panel + 4);
            try (Mat view = panels.get(i); Mat magnified = new Mat(); Mat target = row.apply(new Rect(left, HEADER, panel, panel))) {
                resize(view, magnified, new Size(panel, panel), 0, 0, INTER_NEAREST);
                magnified.copyTo(target);
            }
            putText(row, labels.get(i), new Point(left + 4, HEADER - 8), FONT_HERSHEY_SIMPLEX, 0.5, new Scalar(0, 0, 0, 0), 1, LINE_AA,
                    false);
        }
        return row;
    }
}
