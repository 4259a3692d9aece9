package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.arrowedLine;
import static org.bytedeco.opencv.global.opencv_imgproc.line;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.render.Annotator;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** A camera's counting lines: each line, an arrow to its "in" side, its name and counts, from the frame's {@link SceneFigures}. */
public final class LineAnnotator implements Annotator {

    private static final Scalar LINE = new Scalar(0, 220, 255, 0);

    @Override
    public void annotate(Mat canvas, FrameEvent frame) {
        SceneFigures figures = SceneFigures.of(frame);
        if (figures == null) {
            return;
        }
        double fontScale = SceneFigures.fontScale(canvas);
        for (SceneFigures.Line counter : figures.lines) {
            double[] q = counter.points();
            try (Point a = SceneFigures.point(q[0], q[1]); Point b = SceneFigures.point(q[2], q[3])) {
                line(canvas, a, b, LINE, 2, LINE_AA, 0);
            }
            // The "in" side is where (B - A) x (P - A) > 0: the normal (-(By - Ay), Bx - Ax).
            double mx = (q[0] + q[2]) / 2;
            double my = (q[1] + q[3]) / 2;
            double nx = -(q[3] - q[1]);
            double ny = q[2] - q[0];
            double length = Math.hypot(nx, ny);
            double arrow = 50 * fontScale;
            try (Point from = SceneFigures.point(mx, my);
                    Point to = SceneFigures.point(mx + arrow * nx / length, my + arrow * ny / length)) {
                arrowedLine(canvas, from, to, LINE, 2, LINE_AA, 0, 0.3);
            }
            SceneFigures.label(canvas, counter.name() + " in " + counter.in() + " out " + counter.out(), mx + 6, my - 8, LINE, fontScale);
        }
    }
}
