package dev.vigia.pipeline.motion;

import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.pipeline.Engine;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.SourceSpec;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.scenes.ActorHarvest;
import dev.vigia.pipeline.scenes.Appearance;
import dev.vigia.pipeline.scenes.BackgroundPlate;
import dev.vigia.pipeline.scenes.Perspective;
import dev.vigia.pipeline.scenes.SceneBenchmark;
import dev.vigia.pipeline.scenes.SceneScript;
import dev.vigia.pipeline.scenes.TestActors;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.RtspTestServer;
import dev.vigia.pipeline.source.Source;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quiet camera over real RTSP, made by the scenes package from real pixels: vtest.avi's empty
 * street (the median of its frames) with sensor noise, the light switched off (the whole picture
 * 45 % darker between two frames) at 1 s while nobody is there, then a real walker (vtest's woman
 * in the dark coat, cut out by the segmenter) stepping in from the left at 2 s, turning and leaving
 * by 5 s, then the empty street again until 7 s. The stream is played by the test RTSP server in
 * real time; the engine gates NanoDet by motion.
 */
class QuietRtspCameraTest {

    private static final double FPS = 10;
    private static final int FRAMES = 70;
    private static final double LIGHTS_OFF = 1.0;
    /** The server serves the 768 x 576 clip at 384 x 288. */
    private static final double SERVED_SCALE = 0.5;
    private static final int PERSON = 0;

    /** One frame as it came out of the engine, its time on the stream's clock (frames / fps). */
    private record Seen(double streamSeconds, double brightness, boolean detected, List<float[]> people) {}

    @Test
    void detectsSomeoneWithinASecondOfAppearingAndNothingWhileTheStreetIsEmpty(@TempDir Path dir) throws Exception {
        assumeTrue(RtspTestServer.available(), "Debian's python3-gi and gir1.2-gst-rtsp-server-1.0 are not installed; .ci/run installs them");
        Path clip = writeClip(dir.resolve("clip"));
        List<int[]> truth = groundTruth(clip.resolve("gt/gt.txt"));
        int firstFrame = truth.stream().mapToInt(r -> r[0]).min().orElseThrow();
        int seenFrame = truth.stream().filter(r -> r[5] >= 500).mapToInt(r -> r[0]).min().orElseThrow();
        int lastFrame = truth.stream().mapToInt(r -> r[0]).max().orElseThrow();
        double appears = (firstFrame - 1) / FPS;
        double seen = (seenFrame - 1) / FPS;
        double gone = lastFrame / FPS;

        List<Seen> frames = new ArrayList<>();
        PipelineStats stats;
        try (RtspTestServer server = new RtspTestServer(clip.resolve("video.mp4"), dir)) {
            server.start();
            // Confirmations of what stands still put off past the clip: only motion starts a detection here.
            MotionConfig motion = MotionConfig.defaults().withConfirmInterval(Duration.ofHours(1));
            // Every frame the camera sends is processed, none dropped however loaded the machine, so the n-th frame
            // is the clip's n-th and stream time is n / fps: the second allowed is the camera's, not the machine's.
            // (RTP timestamps are no clock here: FFmpeg re-bases them once the first RTCP report arrives.)
            SourceSpec camera = SourceSpec.of("quiet", server.url()).mode(dev.vigia.pipeline.CaptureMode.FILE);
            try (Engine engine = Vigia.engine().source(camera).motion(motion).render(false).maxFrames(FRAMES).onFrame(frame -> {
                List<float[]> people = new ArrayList<>();
                for (int i = 0; frame.detected() && i < frame.detections().size(); i++) {
                    if (frame.detections().classId(i) == PERSON && frame.detections().score(i) >= 0.3f) {
                        people.add(new float[] {frame.detections().x1(i), frame.detections().y1(i), frame.detections().x2(i),
                                frame.detections().y2(i)});
                    }
                }
                double brightness;
                try (Mat image = frame.copyImage(new Mat())) {
                    brightness = mean(image).get(0);
                }
                frames.add(new Seen(frames.size() / FPS, brightness, frame.detected(), people));
            }).start()) {
                assertTrue(engine.awaitTermination(Duration.ofSeconds(120)), "the clip's frames arrived");
                stats = engine.sourceStats().getOrDefault("quiet", engine.stats());
            }
        }
        assertEquals(FRAMES, frames.size());
        // The clip's clock against the stream's: the light goes off between the clip's frames 10 and 11 (1.0 s and 1.1 s).
        int switchAt = -1;
        for (int i = 1; i < frames.size() && switchAt < 0; i++) {
            if (frames.get(i).brightness() < frames.get(i - 1).brightness() * 0.75) {
                switchAt = i;
            }
        }
        assertEquals((int) Math.round(LIGHTS_OFF * FPS) + 1, switchAt, "the stream starts with the clip and drops nothing");

        List<Double> detectedAt = new ArrayList<>();
        double firstPerson = Double.NaN;
        for (Seen s : frames) {
            double t = s.streamSeconds();
            if (!s.detected()) {
                continue;
            }
            detectedAt.add(Math.round(t * 10) / 10.0);
            int[] box = truthAt(truth, (int) Math.round(t * FPS) + 1);
            for (float[] p : s.people()) {
                if (Double.isNaN(firstPerson) && box != null && overlaps(p, box)) {
                    firstPerson = t;
                }
            }
        }
        String log = "detections at " + detectedAt + "; the walker in view " + appears + " s (half " + seen + " s) to " + gone + " s";
        assertTrue(firstPerson >= appears - 0.05 && firstPerson <= seen + 1.0, "the walker is detected within 1 s of stepping in: "
                + firstPerson + " s; " + log);
        // The empty street: the first frame, and at most two frames as the light goes off.
        long beforeWalker = detectedAt.stream().filter(t -> t < appears).count();
        assertTrue(beforeWalker <= 3, "no detections while the street is empty, even when the light goes off: " + log);
        assertTrue(detectedAt.stream().filter(t -> t > 0.05 && t < appears).allMatch(t -> Math.abs(t - LIGHTS_OFF) <= 0.25), log);
        long afterWalker = detectedAt.stream().filter(t -> t >= gone + 1.0).count();
        assertEquals(0, afterWalker, "no detections once the walker has been gone a second: " + log);
        long during = detectedAt.stream().filter(t -> t >= appears && t < gone + 1.0).count();
        assertTrue(during >= 5, "the walk itself is detected, not only its first frame: " + log);
        assertEquals(detectedAt.size(), stats.motionDetections(), "the stats count the detections run: " + log);
    }

    /** Rows of gt.txt as frame, left, top, width, height and visibility in thousandths, in the clip's 768 x 576 pixels. */
    private static List<int[]> groundTruth(Path gt) throws Exception {
        List<int[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(gt)) {
            String[] f = line.split(",");
            rows.add(new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                    Integer.parseInt(f[5]), (int) Math.round(Double.parseDouble(f[8]) * 1000)});
        }
        return rows;
    }

    private static int[] truthAt(List<int[]> truth, int frame) {
        for (int[] row : truth) {
            if (row[0] == frame) {
                return row;
            }
        }
        return null;
    }

    /** Whether a detection (served pixels) overlaps the ground truth's box (clip pixels), clipped to the picture. */
    private static boolean overlaps(float[] d, int[] row) {
        double x1 = Math.max(0, row[1]) * SERVED_SCALE;
        double y1 = row[2] * SERVED_SCALE;
        double x2 = (row[1] + row[3]) * SERVED_SCALE;
        double y2 = (row[2] + row[4]) * SERVED_SCALE;
        return d[0] < x2 && d[2] > x1 && d[1] < y2 && d[3] > y1;
    }

    /** The clip, written by the scenes package: video.mp4 and gt/gt.txt. */
    private static Path writeClip(Path folder) throws Exception {
        Mat plate = BackgroundPlate.median(spreadFrames(9, 400));
        Perspective perspective = new Perspective(0.23, 19, 180, 540);
        ActorHarvest.Harvest harvest = new ActorHarvest.Harvest(List.of(TestActors.walker()), plate, perspective, FPS, "vtest.avi",
                400, 0);
        // Feet at row 420 (a person 116 px tall there): in from the left, 150 px into the street, and back out.
        Appearance walk = new Appearance(1, 0, new double[] {2.0, 3.5, 5.0}, new double[] {-40, 110, -40},
                new double[] {420, 420, 420});
        SceneScript script = new SceneScript("quiet", "quiet", FRAMES, FPS, plate.cols(), plate.rows(), List.of(walk), null,
                new double[] {LIGHTS_OFF, LIGHTS_OFF}, new double[] {1.0, 0.55}, 2.5, 23, new double[] {384, 170, 384, 550},
                new double[] {480, 280, 650, 280, 670, 470, 460, 470});
        new SceneBenchmark(harvest, null).writeSequence(folder, script, 7);
        return folder;
    }

    /** {@code count} frames of vtest.avi spread over its first {@code frames}: people walk on, the street stays. */
    private static List<Mat> spreadFrames(int count, int frames) {
        List<Mat> spread = new ArrayList<>();
        try (Source source = FfmpegSource.openFile(SampleMedia.standard().file("vtest.avi").toString()); Mat frame = new Mat()) {
            for (int i = 0; i < frames && source.read(frame) == Source.Status.FRAME; i++) {
                if (i % (frames / count) == 0) {
                    spread.add(frame.clone());
                }
            }
        }
        return spread;
    }
}
