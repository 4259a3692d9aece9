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
    void aLongEventIsSplitAtTheMaximumLengthWithNoFrameLostAndTheNamingKept() throws Exception {
        List<byte[]> frames = vtestJpegs(110);
        MonitorSetup.RecordingSetup setup = new MonitorSetup.RecordingSetup(dir, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofDays(1), 1_000_000_000L, Duration.ofSeconds(2));
        ClipRecorder clips = new ClipRecorder("street", setup);
        try {
            // Half a second with nothing in view (pre-capture), then an object that never leaves: a parked car.
            for (int i = 0; i < frames.size(); i++) {
                clips.objectsActive(i >= 10);
                clips.frame(frames.get(i));
                Thread.sleep(FRAME_MILLIS);
            }
        } finally {
            clips.close();
        }
        List<Path> written;
        try (var files = Files.list(dir.resolve("street"))) {
            written = files.sorted().toList();
        }
        assertTrue(written.size() >= 2, "5.5 s of one event at most 2 s a clip: " + written);
        int total = 0;
        for (Path clip : written) {
            assertTrue(clip.getFileName().toString().matches("street-\\d{8}-\\d{6}(-\\d+)?\\.mp4"), "the naming retention relies on: " + clip);
            int played = playableFrames(clip);
            // Frames come at most 20 a second (each waits 50 ms or more): 2 s hold 40, and the frame that ends the clip.
            assertTrue(played >= 1 && played <= 2 * 1000 / FRAME_MILLIS + 1, clip.getFileName() + " has " + played + " frames");
            total += played;
        }
        assertEquals(frames.size(), total, "every frame is in exactly one clip: " + written);
    }

    private static int playableFrames(Path clip) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toString())) {
            grabber.start();
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            return frames;
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
