package dev.vigia.pipeline.motion;

import static org.bytedeco.opencv.global.opencv_core.CV_16SC3;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.randn;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import dev.vigia.pipeline.TestVideos;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A quiet camera made from real pixels: the temporal median of vtest.avi (its empty street), with
 * sensor noise on every frame, and for a stretch the real pedestrians of one part of vtest.avi
 * pasted over it (the pixels where that frame differs from the background, inside one window
 * around a walking person). Built once per test class.
 */
final class QuietClip {

    /** Frames of the clip and where the pasted stretch is. */
    static final int FRAMES = 120;
    static final int PERSON_FROM = 40;
    static final int PERSON_TO = 80; // exclusive
    /** The vtest.avi frame pasted at {@link #PERSON_FROM}. */
    static final int VTEST_FIRST = 300;

    final Mat background;
    /** The window the person was pasted into, in source pixels. */
    final Rect window;
    private final List<Mat> personFrames;

    private QuietClip(Mat background, Rect window, List<Mat> personFrames) {
        this.background = background;
        this.window = window;
        this.personFrames = personFrames;
    }

    static QuietClip build() {
        // Every 16th frame of 795: 50 samples, enough that a pedestrian covers any pixel in under half of them;
        // and the stretch of walking to paste. One decoding pass reads both.
        int personLast = VTEST_FIRST + (PERSON_TO - PERSON_FROM) - 1;
        java.util.SortedMap<Integer, Mat> read = TestVideos.framesWhere("vtest.avi", 794,
                i -> i % 16 == 0 || i >= VTEST_FIRST && i <= personLast);
        List<Mat> samples = new ArrayList<>();
        read.forEach((i, frame) -> {
            if (i % 16 == 0) {
                samples.add(frame);
            }
        });
        Mat background = median(samples);
        List<Mat> person = new ArrayList<>(read.subMap(VTEST_FIRST, personLast + 1).values());
        Rect window = windowAroundLargestPerson(person.get((PERSON_TO - PERSON_FROM) / 2), background);
        return new QuietClip(background, window, person);
    }

    /** Per-pixel median (a test helper run once; the code under test never loops over pixels). */
    private static Mat median(List<Mat> frames) {
        int n = frames.size();
        Mat first = frames.get(0);
        int length = (int) (first.total() * first.channels());
        byte[][] data = new byte[n][length];
        for (int f = 0; f < n; f++) {
            frames.get(f).data().get(data[f]);
        }
        byte[] out = new byte[length];
        int[] values = new int[n];
        for (int p = 0; p < length; p++) {
            for (int f = 0; f < n; f++) {
                values[f] = data[f][p] & 0xff;
            }
            Arrays.sort(values);
            out[p] = (byte) values[n / 2];
        }
        Mat median = first.clone();
        median.data().put(out);
        return median;
    }

    /** The pixels where {@code frame} differs from the background, cleaned of specks. */
    static Mat foreground(Mat frame, Mat background) {
        Mat diff = new Mat();
        absdiff(frame, background, diff);
        Mat grey = new Mat();
        cvtColor(diff, grey, COLOR_BGR2GRAY);
        Mat mask = new Mat();
        threshold(grey, mask, 30, 255, THRESH_BINARY);
        morphologyEx(mask, mask, MORPH_OPEN, new Mat());
        return mask;
    }

    /** A window 2.5 times the size of the largest moving blob of {@code frame}: the person walks inside it for the stretch. */
    private static Rect windowAroundLargestPerson(Mat frame, Mat background) {
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        int count = connectedComponentsWithStats(foreground(frame, background), labels, stats, centroids);
        IntBuffer table = stats.createBuffer();
        int best = -1;
        for (int r = 1; r < count; r++) {
            if (best < 0 || table.get(r * 5 + 4) > table.get(best * 5 + 4)) {
                best = r;
            }
        }
        int x = table.get(best * 5);
        int y = table.get(best * 5 + 1);
        int w = table.get(best * 5 + 2);
        int h = table.get(best * 5 + 3);
        int left = Math.max(0, x - 3 * w / 4);
        int top = Math.max(0, y - 3 * h / 4);
        int right = Math.min(frame.cols(), x + w + 3 * w / 4);
        int bottom = Math.min(frame.rows(), y + h + 3 * h / 4);
        return new Rect(left, top, right - left, bottom - top);
    }

    /** Frame {@code i} of the clip: sensor noise (σ 4 grey levels) on the background, the person pasted during the stretch. */
    Mat frame(int i, boolean withPerson) {
        Mat image = new Mat();
        background.copyTo(image);
        if (withPerson && i >= PERSON_FROM && i < PERSON_TO) {
            Mat real = personFrames.get(i - PERSON_FROM);
            Mat mask = foreground(real, background);
            new Mat(real, window).copyTo(new Mat(image, window), new Mat(mask, window));
        }
        Mat noise = new Mat(background.rows(), background.cols(), CV_16SC3);
        org.bytedeco.opencv.global.opencv_core.theRNG().state(1_000 + i);
        randn(noise, new Mat(1, 1, CV_64F, new Scalar(0)), new Mat(1, 1, CV_64F, new Scalar(4)));
        Mat image16 = new Mat();
        image.convertTo(image16, CV_16SC3);
        add(image16, noise, image16);
        Mat out = new Mat();
        image16.convertTo(out, CV_8U);
        return out;
    }

    /**
     * Writes the clip (x264, 10 fps like vtest.avi) to {@code file}; from frame {@code lightsAt}
     * on (-1: never) every pixel is scaled by {@code gain}, a light switched off or on.
     */
    Path write(Path file, boolean withPerson, int lightsAt, double gain) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), background.cols(), background.rows());
                OpenCVFrameConverter.ToMat convert = new OpenCVFrameConverter.ToMat()) {
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setFormat("mp4");
            recorder.setFrameRate(10);
            recorder.setVideoQuality(20);
            recorder.start();
            for (int i = 0; i < FRAMES; i++) {
                Mat frame = frame(i, withPerson);
                if (lightsAt >= 0 && i >= lightsAt) {
                    frame.convertTo(frame, -1, gain, 0);
                }
                recorder.record(convert.convert(frame));
            }
            recorder.stop();
        }
        return file;
    }

    /** Writes the clips for the figures in app/docs/motion.md: {@code QuietClip DIR} makes DIR/quiet.mp4 (with the walk) and DIR/lights.mp4. */
    public static void main(String[] args) throws Exception {
        QuietClip clip = build();
        Path dir = Path.of(args[0]);
        clip.write(dir.resolve("quiet.mp4"), true, -1, 1);
        clip.write(dir.resolve("lights.mp4"), false, 60, 0.55);
    }
}
