package dev.vigia.pipeline.track;

import static org.bytedeco.opencv.global.opencv_calib3d.RANSAC;
import static org.bytedeco.opencv.global.opencv_calib3d.estimateAffinePartial2D;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.goodFeaturesToTrack;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_video.calcOpticalFlowPyrLK;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Camera motion from OpenCV: corners of the previous (downscaled, gray) frame followed into this
 * one with pyramidal Lucas-Kanade flow, then a rotation + uniform scale + translation fitted with
 * RANSAC, as BoT-SORT's "sparseOptFlow" method does.
 */
public final class SparseFlowCameraMotion implements CameraMotion {

    private static final int MAX_CORNERS = 1000;
    private static final int MIN_POINTS = 10;

    private final int downscale;
    private Mat previous;

    public SparseFlowCameraMotion(int downscale) {
        this.downscale = Math.max(1, downscale);
    }

    @Override
    public double[] estimate(FrameInfo frame) {
        if (frame.image() == null || frame.image().empty()) {
            return null;
        }
        Mat gray = new Mat();
        try (Mat small = new Mat()) {
            resize(frame.image(), small, new Size(frame.image().cols() / downscale, frame.image().rows() / downscale), 0, 0, INTER_AREA);
            cvtColor(small, gray, COLOR_BGR2GRAY);
        }
        Mat before = previous;
        previous = gray;
        if (before == null || before.cols() != gray.cols() || before.rows() != gray.rows()) {
            return null;
        }
        try (Mat corners = new Mat(); Mat moved = new Mat(); Mat status = new Mat(); Mat error = new Mat()) {
            goodFeaturesToTrack(before, corners, MAX_CORNERS, 0.01, 1);
            if (corners.rows() < MIN_POINTS) {
                return null;
            }
            calcOpticalFlowPyrLK(before, gray, corners, moved, status, error);
            int found = 0;
            UByteIndexer ok = status.createIndexer();
            for (int i = 0; i < status.rows(); i++) {
                found += ok.get(i) == 1 ? 1 : 0;
            }
            if (found < MIN_POINTS) {
                return null;
            }
            try (Mat from = new Mat(found, 1, CV_32FC2); Mat to = new Mat(found, 1, CV_32FC2)) {
                FloatIndexer a = corners.createIndexer();
                FloatIndexer b = moved.createIndexer();
                FloatIndexer f = from.createIndexer();
                FloatIndexer t = to.createIndexer();
                int k = 0;
                for (int i = 0; i < status.rows(); i++) {
                    if (ok.get(i) == 1) {
                        f.put(k, 0, 0, a.get(i, 0, 0));
                        f.put(k, 0, 1, a.get(i, 0, 1));
                        t.put(k, 0, 0, b.get(i, 0, 0));
                        t.put(k, 0, 1, b.get(i, 0, 1));
                        k++;
                    }
                }
                try (Mat inliers = new Mat(); Mat affine = estimateAffinePartial2D(from, to, inliers, RANSAC, 3, 2000, 0.99, 10)) {
                    if (affine == null || affine.empty()) {
                        return null;
                    }
                    DoubleIndexer h = affine.createIndexer();
                    return new double[] {h.get(0, 0), h.get(0, 1), h.get(0, 2) * downscale,
                        h.get(1, 0), h.get(1, 1), h.get(1, 2) * downscale};
                }
            }
        } finally {
            before.close();
        }
    }
}
