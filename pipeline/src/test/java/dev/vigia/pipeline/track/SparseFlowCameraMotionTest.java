package dev.vigia.pipeline.track;

import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigia.samples.SampleMedia;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/** A real frame and the same frame as a camera panned by (12, -7) px would see it. */
class SparseFlowCameraMotionTest {

    @Test
    void findsAKnownCameraShift() throws Exception {
        Mat frame;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(SampleMedia.standard().file("vtest.avi").toString());
                OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            frame = toMat.convert(grabber.grabImage()).clone();
        }
        Mat shift = new Mat(2, 3, opencv_core.CV_64F);
        var h = shift.<org.bytedeco.javacpp.indexer.DoubleIndexer>createIndexer();
        h.put(0, 0, 1).put(0, 1, 0).put(0, 2, 12).put(1, 0, 0).put(1, 1, 1).put(1, 2, -7);
        Mat moved = new Mat();
        warpAffine(frame, moved, shift, new Size(frame.cols(), frame.rows()));

        SparseFlowCameraMotion motion = new SparseFlowCameraMotion(2);
        assertNull(motion.estimate(new FrameInfo(0, 0, 10, frame.cols(), frame.rows(), frame)), "no motion for the first frame");
        double[] affine = motion.estimate(new FrameInfo(1, 0, 10, frame.cols(), frame.rows(), moved));
        assertEquals(12, affine[2], 0.5);
        assertEquals(-7, affine[5], 0.5);
        assertEquals(1, affine[0], 0.01);
        assertEquals(0, affine[1], 0.01);
    }
}
