package dev.vigia.pipeline.render;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import dev.vigia.models.boxes.Detections;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws boxes with a tag ("label score", "#id label score") onto a BGR frame. Reuses its native
 * points between calls (hot path: no allocation per box), so one instance per drawing thread.
 */
public final class DetectionPainter {

    private static final double FONT_SCALE = 0.5;
    private static final Scalar TEXT_COLOR = new Scalar(255, 255, 255, 0);

    private final Point corner = new Point();
    private final Point opposite = new Point();
    private final int[] baseline = new int[1];

    public void paint(Mat frame, Detections detections) {
        for (int i = 0; i < detections.size(); i++) {
            String tag = String.format(Locale.ROOT, "%s %.2f", detections.labels().name(detections.classId(i)), detections.score(i));
            box(frame, detections.x1(i), detections.y1(i), detections.x2(i), detections.y2(i),
                    Palette.color(detections.classId(i)), tag);
        }
    }

    /** One box and its tag above the top-left corner (inside the box when there is no room above). */
    public void box(Mat frame, float x1, float y1, float x2, float y2, Scalar color, String tag) {
        int left = Math.round(x1);
        int top = Math.round(y1);
        rectangle(frame, corner.x(left).y(top), opposite.x(Math.round(x2)).y(Math.round(y2)), color, 2, LINE_8, 0);
        int textWidth;
        int textHeight;
        try (Size text = getTextSize(tag, FONT_HERSHEY_SIMPLEX, FONT_SCALE, 1, baseline)) {
            textWidth = text.width();
            textHeight = text.height();
        }
        int tagTop = top - textHeight - 6 >= 0 ? top - textHeight - 6 : top;
        rectangle(frame, corner.x(left).y(tagTop), opposite.x(left + textWidth + 6).y(tagTop + textHeight + 6),
                color, FILLED, LINE_8, 0);
        putText(frame, tag, corner.x(left + 3).y(tagTop + textHeight + 2), FONT_HERSHEY_SIMPLEX, FONT_SCALE,
                TEXT_COLOR, 1, LINE_AA, false);
    }
}
