package dev.vigia.pipeline.render;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import dev.vigia.models.boxes.Detections;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Tints masks into the frame: a detection's box-relative probability grid, resized to its box
 * and cut at 0.5, in the class colour (single images), or a track's binary mask in the track's
 * colour (the pipeline). One instance per drawing thread (it reuses its native buffers).
 */
public final class MaskPainter implements AutoCloseable {

    private static final double OPACITY = 0.5;
    private static final double MASK_THRESHOLD = 0.5;

    private final Mat grid = new Mat();
    private final Mat resized = new Mat();
    private final Mat cut = new Mat();
    private final Mat inside = new Mat();
    private final Mat tinted = new Mat();
    private final Mat colour = new Mat();

    public void overlay(Mat frame, Detections detections) {
        if (!detections.hasMasks()) {
            return;
        }
        int cells = detections.maskWidth() * detections.maskHeight();
        grid.create(detections.maskHeight(), detections.maskWidth(), CV_32F);
        FloatPointer gridValues = new FloatPointer(grid.data());
        for (int i = 0; i < detections.size(); i++) {
            int left = clamp((int) Math.floor(detections.x1(i)), frame.cols());
            int top = clamp((int) Math.floor(detections.y1(i)), frame.rows());
            int width = clamp((int) Math.ceil(detections.x2(i)), frame.cols()) - left;
            int height = clamp((int) Math.ceil(detections.y2(i)), frame.rows()) - top;
            if (width < 1 || height < 1) {
                continue;
            }
            gridValues.put(detections.maskArray(), i * cells, cells);
            try (Size boxSize = new Size(width, height); Rect box = new Rect(left, top, width, height); Mat roi = frame.apply(box)) {
                resize(grid, resized, boxSize, 0, 0, INTER_LINEAR);
                threshold(resized, cut, MASK_THRESHOLD, 255, THRESH_BINARY);
                cut.convertTo(inside, CV_8U);
                colour.create(height, width, frame.type());
                colour.put(Palette.color(detections.classId(i)));
                addWeighted(roi, 1 - OPACITY, colour, OPACITY, 0, tinted);
                tinted.copyTo(roi, inside);
            }
        }
    }

    /** Tints the pixels where {@code mask} (0 or 255, placed at left, top) is set with {@code colour}. */
    public void overlay(Mat frame, Mat mask, int left, int top, org.bytedeco.opencv.opencv_core.Scalar colour) {
        int width = Math.min(mask.cols(), frame.cols() - left);
        int height = Math.min(mask.rows(), frame.rows() - top);
        if (width < 1 || height < 1 || left < 0 || top < 0) {
            return;
        }
        try (Rect box = new Rect(left, top, width, height); Rect own = new Rect(0, 0, width, height);
                Mat roi = frame.apply(box); Mat part = mask.apply(own)) {
            colour(width, height, frame.type(), colour);
            addWeighted(roi, 1 - OPACITY, this.colour, OPACITY, 0, tinted);
            tinted.copyTo(roi, part);
        }
    }

    private void colour(int width, int height, int type, org.bytedeco.opencv.opencv_core.Scalar value) {
        colour.create(height, width, type);
        colour.put(value);
    }

    private static int clamp(int value, int limit) {
        return Math.max(0, Math.min(value, limit));
    }

    @Override
    public void close() {
        grid.close();
        resized.close();
        cut.close();
        inside.close();
        tinted.close();
        colour.close();
    }
}
