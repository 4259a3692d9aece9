package dev.vigia.pipeline.scenes;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How much a fixed camera's pixels flicker from frame to frame where nothing moves: the standard
 * deviation of the difference between its frames and its {@link BackgroundPlate}. A quiet camera
 * made of the plate adds this noise back, so that its empty scene is not a frozen frame.
 */
public final class SourceNoise {

    /**
     * Differences larger than this (grey levels) are someone walking, not noise, and left out. Sensor
     * and compression noise of the sample videos stays far below it (σ 2 to 4 gives 4σ to 8σ).
     */
    static final int LARGEST_NOISE = 16;

    private SourceNoise() {}

    /** The noise's standard deviation, in grey levels, over {@code samples} frames spread over the first {@code maxFrames} of {@code video}. */
    public static double measure(Path video, Mat plate, int samples, int maxFrames) {
        long[] histogram = new long[2 * LARGEST_NOISE + 1];
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            int total = Math.min(maxFrames, Math.max(1, grabber.getLengthInVideoFrames()));
            int every = Math.max(1, total / Math.max(1, samples));
            int index = 0;
            for (Frame frame; index < total && (frame = grabber.grabImage()) != null; index++) {
                if (index % every == 0) {
                    add(converter.convert(frame), plate, histogram);
                }
            }
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw new java.io.UncheckedIOException("Cannot read " + video + ": " + e.getMessage(), new java.io.IOException(e));
        }
        return sigma(histogram);
    }

    /** The same measure over frames already read (BGR, the plate's size). */
    public static double of(Iterable<Mat> frames, Mat plate) {
        long[] histogram = new long[2 * LARGEST_NOISE + 1];
        for (Mat frame : frames) {
            add(frame, plate, histogram);
        }
        return sigma(histogram);
    }

    /** Counts each signed difference frame - plate within ±{@link #LARGEST_NOISE}, channel by channel. */
    private static void add(Mat frame, Mat plate, long[] histogram) {
        if (frame.rows() != plate.rows() || frame.cols() != plate.cols() || frame.type() != CV_8UC3) {
            throw new IllegalArgumentException("a frame of " + frame.cols() + "x" + frame.rows() + " does not match the plate's "
                    + plate.cols() + "x" + plate.rows());
        }
        byte[] a = new byte[(int) (frame.total() * 3)];
        byte[] b = new byte[a.length];
        (frame.isContinuous() ? frame : frame.clone()).data().get(a);
        (plate.isContinuous() ? plate : plate.clone()).data().get(b);
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            if (d >= -LARGEST_NOISE && d <= LARGEST_NOISE) {
                histogram[d + LARGEST_NOISE]++;
            }
        }
    }

    private static double sigma(long[] histogram) {
        double n = 0;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < histogram.length; i++) {
            double d = i - LARGEST_NOISE;
            n += histogram[i];
            sum += d * histogram[i];
            squares += d * d * histogram[i];
        }
        if (n == 0) {
            return 0;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, squares / n - mean * mean));
    }
}
