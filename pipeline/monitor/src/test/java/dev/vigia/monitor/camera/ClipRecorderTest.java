package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clips of a camera fed vtest.avi's frames at 20 a second, as the monitor's feed hands them over. */
class ClipRecorderTest {

    private static final long FRAME_MILLIS = 50;

    @TempDir
    Path dir;

    @Test
    void aLongEventIsSplitAtTheMaximumLengthWithTheNamingKeptAndNoTimeLost() throws Exception {
        List<byte[]> frames = vtestJpegs(110);
        ClipRecorder clips = new ClipRecorder("street", setup(Duration.ofSeconds(2)));
        long first;
        long last;
        try {
            // Half a second with nothing in view (pre-capture), then an object that never leaves: a parked car.
            first = System.nanoTime();
            for (int i = 0; i < frames.size(); i++) {
                clips.objectsActive(i >= 10);
                clips.frame(frames.get(i));
                Thread.sleep(FRAME_MILLIS);
            }
            last = System.nanoTime() - FRAME_MILLIS * 1_000_000;
        } finally {
            clips.close();
        }
        List<Path> written = clipFiles();
        assertTrue(written.size() >= 2, "5.5 s of one event at most 2 s a clip: " + written);
        double total = 0;
        for (Path clip : written) {
            assertTrue(clip.getFileName().toString().matches("street-\\d{8}-\\d{6}(-\\d+)?\\.mp4"), "the naming retention relies on: " + clip);
            double[] played = play(clip);
            double seconds = played[0] / played[1];
            assertTrue(seconds <= 2 + 1.5 / played[1], clip.getFileName() + " plays " + seconds + " s (" + played[0] + " frames)");
            total += seconds;
        }
        double fed = (last - first) / 1e9;
        assertEquals(fed, total, 0.3, "the clips together cover the " + fed + " s of frames: " + written);
    }

    @Test
    void aClipKeepsToTheWallClockWhenFramesComeSlowerThanWhenItStarted() throws Exception {
        List<byte[]> frames = vtestJpegs(25);
        ClipRecorder clips = new ClipRecorder("street", setup(Duration.ofMinutes(5)));
        long first;
        long last;
        try {
            // 20 frames a second before the event, then 5 a second, as when detection falls behind on a busy CPU.
            first = System.nanoTime();
            for (int i = 0; i < frames.size(); i++) {
                clips.objectsActive(i >= 10);
                clips.frame(frames.get(i));
                Thread.sleep(i < 10 ? FRAME_MILLIS : 4 * FRAME_MILLIS);
            }
            last = System.nanoTime() - 4 * FRAME_MILLIS * 1_000_000;
        } finally {
            clips.close();
        }
        List<Path> written = clipFiles();
        assertEquals(1, written.size(), written.toString());
        double[] played = play(written.get(0));
        double fed = (last - first) / 1e9;
        assertEquals(fed, played[0] / played[1], 0.3, "a clip of " + fed + " s of frames plays as long (" + played[0] + " frames at "
                + played[1] + " fps)");
    }

    private MonitorSetup.RecordingSetup setup(Duration maxClipLength) {
        return new MonitorSetup.RecordingSetup(dir, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofDays(1), 1_000_000_000L,
                maxClipLength);
    }

    private List<Path> clipFiles() throws Exception {
        try (var files = Files.list(dir.resolve("street"))) {
            return files.sorted().toList();
        }
    }

    /** The frames that decode from {@code clip} and its frame rate, as FFmpeg reads the file. */
    private static double[] play(Path clip) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toString())) {
            grabber.start();
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            return new double[] {frames, grabber.getFrameRate()};
        }
    }

    /** The first {@code count} frames of vtest.avi as the JPEGs the feed makes. */
    private static List<byte[]> vtestJpegs(int count) throws Exception {
        List<byte[]> jpegs = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(SampleMedia.standard().file("vtest.avi").toString());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
                BytePointer encoded = new BytePointer()) {
            grabber.start();
            for (Frame frame = grabber.grabImage(); frame != null && jpegs.size() < count; frame = grabber.grabImage()) {
                Mat image = converter.convert(frame);
                assertTrue(imencode(".jpg", image, encoded));
                byte[] jpeg = new byte[(int) encoded.limit()];
                encoded.get(jpeg);
                jpegs.add(jpeg);
            }
        }
        assertEquals(count, jpegs.size());
        return jpegs;
    }
}
