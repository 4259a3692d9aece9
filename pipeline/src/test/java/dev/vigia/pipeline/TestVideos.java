package dev.vigia.pipeline;

import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.opencv_core.Mat;

/** Real media and the real default detector for pipeline tests. */
public final class TestVideos {

    private TestVideos() {}

    /** What FFmpeg (as JavaCV bundles it) finds in a video: decodable frames and declared fps. */
    public record Probe(int frames, double fps, int width, int height) {}

    public static Probe probe(Path video) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toString())) {
            grabber.start();
            int frames = 0;
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                if (frame.image != null) {
                    frames++;
                }
            }
            return new Probe(frames, grabber.getFrameRate(), grabber.getImageWidth(), grabber.getImageHeight());
        }
    }

    /** Frames {@code first}..{@code last} (counted from 0) of a sample video, decoded as the pipeline decodes them. */
    public static List<Mat> frames(String sample, int first, int last) {
        List<Mat> frames = new ArrayList<>();
        try (Source source = FfmpegSource.openFile(SampleMedia.standard().file(sample).toString()); Mat frame = new Mat()) {
            for (int i = 0; i <= last && source.read(frame) == Source.Status.FRAME; i++) {
                if (i >= first) {
                    frames.add(frame.clone());
                }
            }
        }
        return frames;
    }

    /**
     * The frames of a sample video, up to {@code last}, whose numbers {@code wanted} accepts, in one
     * decoding pass (asking {@link #frames} for scattered frames decodes from the start each time).
     */
    public static java.util.SortedMap<Integer, Mat> framesWhere(String sample, int last, java.util.function.IntPredicate wanted) {
        java.util.SortedMap<Integer, Mat> frames = new java.util.TreeMap<>();
        try (Source source = FfmpegSource.openFile(SampleMedia.standard().file(sample).toString()); Mat frame = new Mat()) {
            for (int i = 0; i <= last && source.read(frame) == Source.Status.FRAME; i++) {
                if (wanted.test(i)) {
                    frames.put(i, frame.clone());
                }
            }
        }
        return frames;
    }

    /** A copy of a real video with three 40 kB stretches overwritten by seeded random bytes. */
    public static Path damagedCopy(Path video, Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(video);
        Random random = new Random(7);
        for (int start : new int[] {bytes.length / 3, bytes.length / 2, 2 * bytes.length / 3}) {
            for (int i = start; i < start + 40_000; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
        }
        Path damaged = dir.resolve("damaged-" + video.getFileName());
        Files.write(damaged, bytes);
        return damaged;
    }

    /** One NanoDet detection worker, as the engine's default. */
    public static List<dev.vigia.models.detect.Detector> nanodet() {
        return List.of(Detectors.open(ModelStore.standard(), "nanodet", DetectorOptions.defaults()));
    }
}
