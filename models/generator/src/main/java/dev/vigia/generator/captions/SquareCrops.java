package dev.vigia.generator.captions;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Square crops of boxes, the shape the generator learns: the box centred, the frame around it filling the sides. */
final class SquareCrops {

    static final int SIDE = 64;

    private SquareCrops() {}

    /** The square around a box, 10 % larger than its longer side, moved inside the frame; null when it cannot fit. */
    static Mat around(Mat frame, float x1, float y1, float x2, float y2) {
        int side = Math.round(Math.max(x2 - x1, y2 - y1) * 1.1f);
        if (side > Math.min(frame.cols(), frame.rows()) || side < 8) {
            return null;
        }
        int left = Math.round((x1 + x2) / 2 - side / 2f);
        int top = Math.round((y1 + y2) / 2 - side / 2f);
        left = Math.max(0, Math.min(frame.cols() - side, left));
        top = Math.max(0, Math.min(frame.rows() - side, top));
        Mat resized = new Mat();
        try (Mat square = new Mat(frame, new Rect(left, top, side, side))) {
            opencv_imgproc.resize(square, resized, new Size(SIDE, SIDE), 0, 0, opencv_imgproc.INTER_AREA);
        }
        return resized;
    }

    /** The box itself, clipped to the frame (a view of the frame, not a copy). */
    static Mat box(Mat frame, float x1, float y1, float x2, float y2) {
        int left = Math.max(0, Math.round(x1));
        int top = Math.max(0, Math.round(y1));
        int right = Math.min(frame.cols(), Math.max(left + 1, Math.round(x2)));
        int bottom = Math.min(frame.rows(), Math.max(top + 1, Math.round(y2)));
        return new Mat(frame, new Rect(left, top, right - left, bottom - top));
    }

    /** A crop that is already the box (a track snapshot), padded to a square with its edge colours. */
    static Mat padded(Mat crop) {
        int side = Math.max(crop.cols(), crop.rows());
        int horizontal = side - crop.cols();
        int vertical = side - crop.rows();
        Mat resized = new Mat();
        try (Mat square = new Mat()) {
            opencv_core.copyMakeBorder(crop, square, vertical / 2, vertical - vertical / 2, horizontal / 2, horizontal - horizontal / 2,
                    opencv_core.BORDER_REPLICATE, new Scalar());
            opencv_imgproc.resize(square, resized, new Size(SIDE, SIDE), 0, 0, opencv_imgproc.INTER_AREA);
        }
        return resized;
    }

    /** A BGR crop as a Java image. */
    static BufferedImage image(Mat bgr) {
        BufferedImage image = new BufferedImage(bgr.cols(), bgr.rows(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        // A copy: a view of a frame is not continuous.
        try (Mat continuous = bgr.clone()) {
            continuous.data().get(target);
        }
        return image;
    }
}
