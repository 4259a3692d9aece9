package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.arrowedLine;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import dev.vigia.pipeline.zones.LineCounter;
import dev.vigia.pipeline.zones.Polygon;
import dev.vigia.pipeline.zones.SceneCounter;
import dev.vigia.pipeline.zones.ZoneCounter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Draws a camera's zones (outline, name, occupancy) and lines (with an arrow to the "in" side and the counts). */
final class SceneOverlay {

    private static final Scalar ZONE = new Scalar(255, 200, 0, 0);
    private static final Scalar LINE = new Scalar(0, 220, 255, 0);

    private SceneOverlay() {}

    static void draw(Mat frame, SceneCounter scene) {
        // Text sized to the frame: 0.6 at 768 pixels wide, never below what stays readable.
        double fontScale = Math.max(0.35, 0.6 * frame.cols() / 768.0);
        for (ZoneCounter zone : scene.zones()) {
            Polygon p = zone.polygon();
            for (int i = 0, j = p.size() - 1; i < p.size(); j = i++) {
                try (Point a = point(p.x(j), p.y(j)); Point b = point(p.x(i), p.y(i))) {
                    line(frame, a, b, ZONE, 2, LINE_AA, 0);
                }
            }
            label(frame, zone.name() + ": " + zone.occupancy(), p.x(0) + 4, p.y(0) + 30 * fontScale, ZONE, fontScale);
        }
        for (LineCounter counter : scene.lines()) {
            double[] q = counter.points();
            try (Point a = point(q[0], q[1]); Point b = point(q[2], q[3])) {
                line(frame, a, b, LINE, 2, LINE_AA, 0);
            }
            // The "in" side is where (B - A) x (P - A) > 0: the normal (-(By - Ay), Bx - Ax).
            double mx = (q[0] + q[2]) / 2;
            double my = (q[1] + q[3]) / 2;
            double nx = -(q[3] - q[1]);
            double ny = q[2] - q[0];
            double length = Math.hypot(nx, ny);
            double arrow = 50 * fontScale;
            try (Point from = point(mx, my); Point to = point(mx + arrow * nx / length, my + arrow * ny / length)) {
                arrowedLine(frame, from, to, LINE, 2, LINE_AA, 0, 0.3);
            }
            label(frame, counter.name() + " in " + counter.in() + " out " + counter.out(), mx + 6, my - 8, LINE, fontScale);
        }
    }

    private static void label(Mat frame, String text, double x, double y, Scalar color, double fontScale) {
        try (Point at = point(x, y)) {
            putText(frame, text, at, FONT_HERSHEY_SIMPLEX, fontScale, color, fontScale < 0.5 ? 1 : 2, LINE_AA, false);
        }
    }

    private static Point point(double x, double y) {
        return new Point((int) Math.round(x), (int) Math.round(y));
    }
}
