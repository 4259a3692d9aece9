package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.line;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.render.Annotator;
import dev.vigia.pipeline.zones.Polygon;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** A camera's zones: each outline, with its name and how many objects are in it, from the frame's {@link SceneFigures}. */
public final class ZoneAnnotator implements Annotator {

    private static final Scalar ZONE = new Scalar(255, 200, 0, 0);

    @Override
    public void annotate(Mat canvas, FrameEvent frame) {
        SceneFigures figures = SceneFigures.of(frame);
        if (figures == null) {
            return;
        }
        double fontScale = SceneFigures.fontScale(canvas);
        for (SceneFigures.Zone zone : figures.zones) {
            Polygon p = zone.polygon();
            for (int i = 0, j = p.size() - 1; i < p.size(); j = i++) {
                try (Point a = SceneFigures.point(p.x(j), p.y(j)); Point b = SceneFigures.point(p.x(i), p.y(i))) {
                    line(canvas, a, b, ZONE, 2, LINE_AA, 0);
                }
            }
            SceneFigures.label(canvas, zone.name() + ": " + zone.occupancy(), p.x(0) + 4, p.y(0) + 30 * fontScale, ZONE, fontScale);
        }
    }
}
