package dev.vigia.pipeline.render;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import dev.vigia.models.detect.Detections;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Draws boxes with "label score" tags onto a BGR frame, coloured by class. */
public final class DetectionPainter {

    private static final double FONT_SCALE = 0.5;
    private static final Scalar TEXT_COLOR = new Scalar(255, 255, 255, 0);

    public void paint(Mat frame, Detections detections) {
        for (int i = 0; i < detections.size(); i++) {
            String tag = String.format(Locale.ROOT, "%s %.2f", detections.labels().name(detections.classId(i)), detections.score(i));
            box(frame, detections.x1(i), detections.y1(i), detections.x2(i), detections.y2(i),
                    Palette.color(detections.classId(i)), tag);
        }
    }

    /** One box and its tag above the top-left corner (inside the box when there is no room above). */
    public static void box(Mat frame, float x1, float y1, float x2, float y2, Scalar color, String tag) {
        Point topLeft = new Point(Math.round(x1), Math.round(y1));
        Point bottomRight = new Point(Math.round(x2), Math.round(y2));
        rectangle(frame, topLeft, bottomRight, color, 2, LINE_AA, 0);
        int[] baseline = new int[1];
        Size text = getTextSize(tag, FONT_HERSHEY_SIMPLEX, FONT_SCALE, 1, baseline);
        int top = topLeft.y() - text.height() - 6 >= 0 ? topLeft.y() - text.height() - 6 : topLeft.y();
        rectangle(frame, new Point(topLeft.x(), top), new Point(topLeft.x() + text.width() + 6, top + text.height() + 6),
                color, FILLED, LINE_AA, 0);
        putText(frame, tag, new Point(topLeft.x() + 3, top + text.height() + 2), FONT_HERSHEY_SIMPLEX, FONT_SCALE,
                TEXT_COLOR, 1, LINE_AA, false);
        topLeft.close();
        bottomRight.close();
        text.close();
    }
}
