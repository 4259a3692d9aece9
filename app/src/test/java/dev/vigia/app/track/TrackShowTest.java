package dev.vigia.app.track;

import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.app.CliRun;
import dev.vigia.samples.SampleMedia;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigia track --show} opens a real window: run under Debian's Xvfb, the screen is grabbed
 * with FFmpeg's x11grab while tracking runs and saved under {@code target/} to look at.
 */
class TrackShowTest {

    @Test
    void thePreviewWindowShowsTheTrackedVideo(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/Xvfb")), "Debian's xvfb is missing; .ci/run installs it");
        Process xvfb = new ProcessBuilder("/usr/bin/Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Process track = null;
        try {
            String display = ":" + new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8)).readLine().strip();
            ProcessBuilder builder = CliRun.childProcess("track", "--source", SampleMedia.standard().file("vtest.avi").toString(),
                    "--show", "--realtime", "--max-frames", "150", "--out", dir.resolve("out").toString());
            builder.environment().put("DISPLAY", display);
            track = builder.redirectErrorStream(true).redirectOutput(dir.resolve("track.log").toFile()).start();
            Mat screen = null;
            // The window appears once the model is loaded and the first frames are tracked: on a
            // loaded 2-core machine that took over four minutes, so the patience is generous (the
            // loop ends at the first lit screen).
            for (int attempt = 0; attempt < 300 && track.isAlive(); attempt++) {
                Thread.sleep(1000);
                Mat grabbed = grab(display);
                if (litFraction(grabbed) > 0.3) {
                    screen = grabbed;
                    break;
                }
            }
            assertTrue(screen != null, "no window with video appeared on " + display + "; the run said: "
                    + Files.readString(dir.resolve("track.log")));
            Path shot = Path.of("target", "track-show-xvfb.png");
            Files.createDirectories(shot.getParent());
            assertTrue(imwrite(shot.toString(), screen));
            // vtest's 768x576 frames fill about 43 % of the 1280x800 screen; the empty screen is black.
            assertTrue(litFraction(screen) > 0.35, "lit fraction " + litFraction(screen));
            assertTrue(track.waitFor(2, TimeUnit.MINUTES), "the run ends at --max-frames");
            assertEquals(0, track.exitValue(), Files.readString(dir.resolve("track.log")));
        } finally {
            if (track != null) {
                track.destroyForcibly();
            }
            xvfb.destroy();
            xvfb.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static Mat grab(String display) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(display); OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.setFormat("x11grab");
            grabber.start();
            Frame frame = grabber.grabImage();
            Mat copy = converter.convert(frame).clone();
            grabber.stop();
            return copy;
        }
    }

    /** The share of the screen's pixels that are not black. */
    private static double litFraction(Mat bgr) {
        try (Mat gray = new Mat()) {
            cvtColor(bgr, gray, COLOR_BGR2GRAY);
            return countNonZero(gray) / (double) (gray.rows() * gray.cols());
        }
    }
}
