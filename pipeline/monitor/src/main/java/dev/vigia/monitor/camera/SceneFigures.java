package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.FrameKey;
import dev.vigia.pipeline.zones.LineCounter;
import dev.vigia.pipeline.zones.Polygon;
import dev.vigia.pipeline.zones.SceneCounter;
import dev.vigia.pipeline.zones.ZoneCounter;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A camera's zones and lines as they stood on one frame (shapes and counts), hung on the frame by
 * {@link SceneStage} for {@link ZoneAnnotator} and {@link LineAnnotator}: the counters move on the
 * scene stage's thread while the render stage draws an earlier frame, so drawing reads this copy.
 */
final class SceneFigures {

    static final FrameKey<SceneFigures> KEY = FrameKey.of("scene-figures", SceneFigures::new);

    record Zone(String name, Polygon polygon, int occupancy) {}

    record Line(String name, double[] points, long in, long out) {}

    final List<Zone> zones = new ArrayList<>();
    final List<Line> lines = new ArrayList<>();
    /** The frame these figures are of: a slot carries other cameras' frames too. */
    private int takenSource = -1;
    private long takenFrame = -1;
    private long takenCapture = -1;

    private SceneFigures() {}

    /** Notes the scene's figures after {@code event}'s tracks were counted. */
    static void take(FrameEvent event, SceneCounter scene) {
        SceneFigures figures = event.attribute(KEY);
        figures.zones.clear();
        for (ZoneCounter zone : scene.zones()) {
            figures.zones.add(new Zone(zone.name(), zone.polygon(), zone.occupancy()));
        }
        figures.lines.clear();
        for (LineCounter line : scene.lines()) {
            figures.lines.add(new Line(line.name(), line.points(), line.in(), line.out()));
        }
        figures.takenSource = event.sourceId;
        figures.takenFrame = event.frameIndex;
        figures.takenCapture = event.captureNanos;
    }

    /** The figures of {@code event}, or null when its scene stage did not count it (it failed, or the camera has none). */
    static SceneFigures of(FrameEvent event) {
        SceneFigures figures = event.attribute(KEY);
        boolean current = figures.takenSource == event.sourceId && figures.takenFrame == event.frameIndex
                && figures.takenCapture == event.captureNanos;
        return current ? figures : null;
    }

    /** Text sized to the frame: 0.6 at 768 pixels wide, never below what stays readable. */
    static double fontScale(Mat frame) {
        return Math.max(0.35, 0.6 * frame.cols() / 768.0);
    }

    static void label(Mat frame, String text, double x, double y, Scalar color, double fontScale) {
        try (Point at = point(x, y)) {
            putText(frame, text, at, FONT_HERSHEY_SIMPLEX, fontScale, color, fontScale < 0.5 ? 1 : 2, LINE_AA, false);
        }
    }

    static Point point(double x, double y) {
        return new Point((int) Math.round(x), (int) Math.round(y));
    }
}
