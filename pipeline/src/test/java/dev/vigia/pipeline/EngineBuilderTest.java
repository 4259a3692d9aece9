package dev.vigia.pipeline;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.track.Tracks;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a program chooses on the builder: annotators of its own, and standard outputs one by one. */
class EngineBuilderTest {

    private static final String VTEST = SampleMedia.standard().file("vtest.avi").toString();
    private static final Scalar RED = new Scalar(0, 0, 255, 0);
    private static DetectorModel model;

    @BeforeAll
    static void loadModel() {
        model = Detectors.load(ModelStore.standard(), "nanodet", DetectorOptions.defaults());
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    /** A track's best box so far, chosen as the snapshot stage chooses: a strictly higher score wins. */
    private record Best(int frame, float score, float x1, float y1, float x2, float y2) {}

    @Test
    void snapshotsAndSinksGetTheCleanFrameWhileTheVideoShowsTheCallersDrawing(@TempDir Path out) throws Exception {
        Map<Integer, Best> best = new TreeMap<>();
        Mat firstClean = new Mat();
        Mat firstDrawn = new Mat();
        try (Engine engine = Vigia.engine().source("walk", VTEST).detector(model).maxFrames(6).outputs(out)
                // Paints the whole drawn frame red, under the boxes: what nothing clean may show.
                .annotate((source, info) -> (canvas, frame) -> canvas.put(RED))
                .onFrame(frame -> {
                    if (frame.frameIndex() == 0) {
                        frame.copyImage(firstClean);
                        frame.copyRenderedImage(firstDrawn);
                    }
                    Tracks tracks = frame.tracks();
                    for (int i = 0; i < tracks.size(); i++) {
                        Best known = best.get(tracks.id(i));
                        if (known == null || tracks.score(i) > known.score()) {
                            best.put(tracks.id(i), new Best((int) frame.frameIndex(), tracks.score(i), tracks.x1(i), tracks.y1(i),
                                    tracks.x2(i), tracks.y2(i)));
                        }
                    }
                }).start()) {
            assertEquals(6, engine.awaitTermination().framesOut());
        }
        Mat decodedFirst = TestVideos.frames("vtest.avi", 0, 0).get(0);
        assertEquals(0.0, meanDifference(firstClean, decodedFirst), "a listener's image is the decoded frame, untouched");
        assertRed(firstDrawn, "the rendered frame a sink may ask for");
        assertRed(firstVideoFrame(out.resolve("walk.mp4")), "the video");

        assertFalse(best.isEmpty(), "people are tracked in vtest's first frames");
        Map<Integer, Mat> decoded = TestVideos.framesWhere("vtest.avi", 5, i -> best.values().stream().anyMatch(b -> b.frame() == i));
        for (Map.Entry<Integer, Best> track : best.entrySet()) {
            Path snapshot = out.resolve("snapshots/walk/track-" + track.getKey() + ".jpg");
            assertTrue(Files.isRegularFile(snapshot), snapshot + " is written");
            Best b = track.getValue();
            Mat frame = decoded.get(b.frame());
            int x1 = clamp(Math.round(b.x1()), frame.cols());
            int y1 = clamp(Math.round(b.y1()), frame.rows());
            int x2 = clamp(Math.round(b.x2()), frame.cols());
            int y2 = clamp(Math.round(b.y2()), frame.rows());
            try (Rect box = new Rect(x1, y1, x2 - x1, y2 - y1); Mat crop = frame.apply(box); Mat written = imread(snapshot.toString())) {
                // JPEG moves a pixel by a level or two; the red fill would move it by a hundred.
                double difference = meanDifference(written, crop);
                assertTrue(difference < 4, "track " + track.getKey() + "'s snapshot is the clean crop of frame " + b.frame()
                        + ", mean difference " + difference);
            }
        }
    }

    @Test
    void aProgramThatPicksMotAndJsonLinesGetsExactlyThoseFilesWithItsTracks(@TempDir Path out) throws Exception {
        List<String> expectedMot = new ArrayList<>();
        List<List<Double>> expectedBoxes = new ArrayList<>();
        try (Engine engine = Vigia.engine().source("walk", VTEST).detector(model).maxFrames(8)
                .output(StandardOutput.mot(out))
                .output(StandardOutput.jsonLines(out))
                .onFrame(frame -> {
                    Tracks t = frame.tracks();
                    List<Double> boxes = new ArrayList<>();
                    for (int i = 0; i < t.size(); i++) {
                        // MOTChallenge: frame from 1, id, left, top, width, height.
                        expectedMot.add((frame.frameIndex() + 1) + "," + t.id(i) + "," + cents(t.x1(i)) + "," + cents(t.y1(i)) + ","
                                + cents(t.x2(i) - t.x1(i)) + "," + cents(t.y2(i) - t.y1(i)));
                        boxes.addAll(List.of((double) t.id(i), (double) t.x1(i), (double) t.y1(i), (double) t.x2(i), (double) t.y2(i)));
                    }
                    expectedBoxes.add(boxes);
                }).start()) {
            engine.awaitTermination();
            assertEquals(List.of(out.resolve("walk.mot.txt"), out.resolve("walk.jsonl")), engine.outputFiles());
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(Set.of("walk.mot.txt", "walk.jsonl"), files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()),
                    "no video, track CSV or snapshots");
        }
        List<String> mot = Files.readAllLines(out.resolve("walk.mot.txt")).stream()
                .map(line -> String.join(",", List.of(line.split(",")).subList(0, 6))).toList();
        assertFalse(expectedMot.isEmpty(), "people are tracked");
        assertEquals(expectedMot, mot);

        List<String> lines = Files.readAllLines(out.resolve("walk.jsonl"));
        assertEquals(8, lines.size(), "one line per frame");
        ObjectMapper json = new ObjectMapper();
        for (int f = 0; f < lines.size(); f++) {
            JsonNode frame = json.readTree(lines.get(f));
            assertEquals(f + 1, frame.get("frame").asInt());
            List<Double> boxes = expectedBoxes.get(f);
            assertEquals(boxes.size() / 5, frame.get("tracks").size(), "frame " + (f + 1));
            for (int i = 0; i < frame.get("tracks").size(); i++) {
                JsonNode track = frame.get("tracks").get(i);
                assertEquals(boxes.get(5 * i).intValue(), track.get("id").asInt());
                for (int k = 0; k < 4; k++) {
                    assertEquals(boxes.get(5 * i + 1 + k), track.get("box").get(k).asDouble(), 0.051, "frame " + (f + 1) + " box");
                }
            }
        }
    }

    @Test
    void anOutputOfTheSameKindTwiceIsRefusedBeforeAnythingOpens(@TempDir Path out) {
        InvalidSettingException twice = assertThrows(InvalidSettingException.class, () -> Vigia.engine().source("walk", VTEST)
                .outputs(out).output(StandardOutput.mot(out.resolve("more"))).start());
        assertEquals("out", twice.setting());
        assertTrue(twice.getMessage().startsWith("The mot output was given twice"), twice.getMessage());
        assertFalse(Files.exists(out.resolve("walk.mot.txt")), "nothing was claimed");
    }

    private static String cents(float value) {
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    private static int clamp(int value, int limit) {
        return Math.max(0, Math.min(value, limit));
    }

    private static double meanDifference(Mat a, Mat b) {
        try (Mat difference = new Mat()) {
            absdiff(a, b, difference);
            Scalar channels = mean(difference);
            return (channels.get(0) + channels.get(1) + channels.get(2)) / 3;
        }
    }

    /** Mostly red, as the caller's fill under a few boxes and trails (H.264 moves colours a little). */
    private static void assertRed(Mat image, String what) {
        Scalar average = mean(image);
        assertTrue(average.get(2) > 200 && average.get(0) < 60 && average.get(1) < 60, what + " shows the fill: " + average.get(0)
                + "," + average.get(1) + "," + average.get(2));
    }

    private static Mat firstVideoFrame(Path video) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toString());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            Frame frame = grabber.grabImage();
            return converter.convert(frame).clone();
        }
    }
}
