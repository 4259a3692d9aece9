package dev.vigia.app.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrackCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Decodable frames and declared fps of a video, through the FFmpeg JavaCV bundles. */
    static int[] framesAndFps(Path video) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toString())) {
            grabber.start();
            int frames = 0;
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                if (frame.image != null) {
                    frames++;
                }
            }
            return new int[] {frames, (int) Math.round(grabber.getFrameRate())};
        }
    }

    @Test
    void vtestEndToEndWritesEveryFrameToEveryOutput(@TempDir Path out) throws Exception {
        Path vtest = SampleMedia.standard().file("vtest.avi");
        Path stats = out.resolve("stats.json");
        CliRun run = CliRun.of("track", "--source", vtest.toString(), "--out", out.toString(), "--detect-every", "4",
                "--stats-json", stats.toString());
        assertEquals(0, run.exitCode(), run.err());

        int[] mp4 = framesAndFps(out.resolve("vtest.mp4"));
        assertEquals(795, mp4[0], "every frame is in the video");
        assertEquals(10, mp4[1], "at the source's frame rate");
        List<String> jsonLines = Files.readAllLines(out.resolve("vtest.jsonl"));
        assertEquals(795, jsonLines.size());
        assertEquals(795, JSON.readTree(jsonLines.get(794)).get("frame").asInt());
        List<String> mot = Files.readAllLines(out.resolve("vtest.mot.txt"));
        assertTrue(mot.size() > 2000, "pedestrians tracked over the whole clip: " + mot.size());
        assertTrue(mot.get(0).matches("\\d+,\\d+,[\\d.]+,[\\d.]+,[\\d.]+,[\\d.]+,[\\d.]+,\\d+,-1,-1"), mot.get(0));
        assertTrue(Files.readAllLines(out.resolve("vtest.tracks.csv")).size() > 5);
        try (var snapshots = Files.list(out.resolve("snapshots/vtest"))) {
            assertTrue(snapshots.count() > 5, "best crops per track");
        }
        JsonNode report = JSON.readTree(stats.toFile());
        assertEquals(795, report.get("frames_in").asInt());
        assertEquals(795, report.get("frames_out").asInt());
        assertEquals(0, report.get("frames_dropped").asInt());
        assertTrue(report.get("fps").asDouble() > 0);
        assertTrue(report.get("latency_ms").get("p95").asDouble() >= report.get("latency_ms").get("p50").asDouble());
        for (String stage : new String[] {"detect", "track", "render", "mp4"}) {
            assertTrue(report.get("stages").get(stage).get("p50_ms").asDouble() >= 0, stage);
        }
        assertTrue(!report.get("stages").has("nms"), "without --nms the detector's own NMS runs, and no second one");
        assertTrue(run.out().contains("vtest.mp4"), run.out());
    }

    /**
     * Person masks on vtest, by segmenter and by matting: every person track carries a COCO RLE mask, on detected and predicted
     * frames alike, lying on its own box; each person's best snapshot has its mask PNG.
     */
    @ParameterizedTest
    @ValueSource(strings = {"person", "matting"})
    void personMasksFollowTracksIntoTheJsonLinesAndSnapshots(String masks, @TempDir Path out) throws Exception {
        CliRun run = CliRun.of("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--out", out.toString(),
                "--max-frames", "16", "--detect-every", "2", "--masks", masks);
        assertEquals(0, run.exitCode(), run.err());
        int masked = 0;
        double maskPixels = 0;
        double boxPixels = 0;
        for (String line : Files.readAllLines(out.resolve("vtest.jsonl"))) {
            JsonNode frame = JSON.readTree(line);
            for (JsonNode track : frame.get("tracks")) {
                if (!track.get("label").asText().equals("person")) {
                    continue;
                }
                JsonNode mask = track.get("mask");
                assertTrue(mask != null, "frame " + frame.get("frame") + ": person track " + track.get("id") + " has no mask");
                assertEquals(576, mask.get("size").get(0).asInt());
                assertEquals(768, mask.get("size").get(1).asInt());
                boolean[] pixels = dev.vigia.pipeline.mask.RleDecoder.decode(mask.get("counts").asText(), 576 * 768);
                double[] box = new double[4];
                for (int k = 0; k < 4; k++) {
                    box[k] = track.get("box").get(k).asDouble();
                }
                double marginX = (box[2] - box[0]) * 0.15;
                double marginY = (box[3] - box[1]) * 0.15;
                long on = 0;
                long onNearBox = 0;
                for (int p = 0; p < pixels.length; p++) {
                    if (pixels[p]) {
                        on++;
                        int x = p / 576;
                        int y = p % 576;
                        if (x >= box[0] - marginX && x <= box[2] + marginX && y >= box[1] - marginY && y <= box[3] + marginY) {
                            onNearBox++;
                        }
                    }
                }
                double boxArea = (box[2] - box[0]) * (box[3] - box[1]);
                assertTrue(on < 1.2 * boxArea, "mask of " + on + " pixels for a box of " + boxArea);
                assertEquals(on, onNearBox, "the mask lies on its track's box");
                maskPixels += on;
                boxPixels += boxArea;
                masked++;
            }
        }
        assertTrue(masked > 30, masked + " masked person observations");
        // A person fills about half of a box; a mask can miss one now and then, not most of them.
        assertTrue(maskPixels > 0.3 * boxPixels, "masks cover " + maskPixels + " of " + boxPixels + " box pixels");
        Path snapshots = out.resolve("snapshots/vtest");
        try (var files = Files.list(snapshots)) {
            List<Path> maskFiles = files.filter(f -> f.getFileName().toString().endsWith("-mask.png")).toList();
            assertTrue(maskFiles.size() > 3, maskFiles.toString());
            for (Path maskFile : maskFiles) {
                Mat mask = org.bytedeco.opencv.global.opencv_imgcodecs.imread(maskFile.toString());
                Mat crop = org.bytedeco.opencv.global.opencv_imgcodecs.imread(
                        maskFile.toString().replace("-mask.png", ".jpg"));
                assertEquals(crop.cols(), mask.cols(), maskFile.toString());
                assertEquals(crop.rows(), mask.rows(), maskFile.toString());
            }
        }
    }

    @Test
    void maskChoicesThatCannotWorkAreOneLineEach(@TempDir Path out) throws Exception {
        String vtest = SampleMedia.standard().file("vtest.avi").toString();
        CliRun instance = CliRun.inChild("track", "--source", vtest, "--out", out.toString(), "--masks", "instance");
        assertTrue(instance.isOneLineUserError(), instance.err());
        assertTrue(instance.err().contains("gives no instance masks") && instance.err().contains("--masks"), instance.err());
        CliRun unknown = CliRun.inChild("track", "--source", vtest, "--out", out.toString(), "--masks", "everything");
        assertTrue(unknown.isOneLineUserError(), unknown.err());
        assertTrue(unknown.err().contains("off, instance, person or matting"), unknown.err());
        CliRun detector = CliRun.inChild("track", "--source", vtest, "--out", out.toString(), "--masks", "person",
                "--segmenter", "nanodet");
        assertTrue(detector.isOneLineUserError(), detector.err());
        assertTrue(detector.err().contains("not a segmenter"), detector.err());
        assertTrue(!Files.exists(out.resolve("vtest.mp4")), "nothing was written");
    }

    /** Each small best crop gets a super-resolved twin four times its size; a large crop does not. */
    @Test
    void srSnapshotsWriteSmallCropsSuperResolved(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--out", out.toString(),
                "--max-frames", "60", "--sr-snapshots", "--sr-below", "86");
        assertEquals(0, run.exitCode(), run.err());
        Path folder = out.resolve("snapshots/vtest");
        int small = 0;
        int large = 0;
        try (var files = Files.list(folder)) {
            for (Path crop : files.filter(f -> f.getFileName().toString().matches("track-\\d+\\.jpg")).toList()) {
                org.bytedeco.opencv.opencv_core.Mat original = org.bytedeco.opencv.global.opencv_imgcodecs.imread(crop.toString());
                Path twin = folder.resolve(crop.getFileName().toString().replace(".jpg", "-x4.jpg"));
                if (Math.max(original.cols(), original.rows()) < 86) {
                    small++;
                    org.bytedeco.opencv.opencv_core.Mat upscaled = org.bytedeco.opencv.global.opencv_imgcodecs.imread(twin.toString());
                    assertEquals(original.cols() * 4, upscaled.cols(), twin.toString());
                    assertEquals(original.rows() * 4, upscaled.rows(), twin.toString());
                } else {
                    large++;
                    assertTrue(!Files.exists(twin), twin + " is of a crop already large");
                }
            }
        }
        assertTrue(small > 2 && large > 0, small + " small and " + large + " large crops");
    }

    @Test
    void aChosenNmsRunsOnceAsItsOwnStage(@TempDir Path out) throws Exception {
        Path stats = out.resolve("stats.json");
        CliRun run = CliRun.of("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--out", out.toString(),
                "--max-frames", "12", "--nms", "soft", "--stats-json", stats.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode stages = JSON.readTree(stats.toFile()).get("stages");
        assertTrue(stages.has("nms") && stages.has("detect"), stages.toString());
    }

    @Test
    void configFileSaysWhatFlagsSayAndFlagsWin(@TempDir Path out) throws Exception {
        Path config = Files.writeString(out.resolve("track.yaml"), """
                # a commented config
                source: %s
                max_frames: 30
                detect_every: 3
                tracker: iou
                tracker_params: {min_hits: 1}
                masks: person
                segmenter: meet
                """.formatted(SampleMedia.standard().file("vtest.avi")));
        CliRun run = CliRun.of("track", "--config", config.toString(), "--out", out.toString(), "--max-frames", "12");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(out.resolve("vtest.jsonl"));
        assertEquals(12, lines.size(), "--max-frames overrides max_frames");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"mask\"")), "masks: person from the config");
    }

    @Test
    void misspeltConfigKeyNamesTheNearestValidKey(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), "source: x.mp4\ndetect_evry: 3\n");
        CliRun run = CliRun.inChild("track", "--config", config.toString());
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("unknown key 'detect_evry'") && run.err().contains("did you mean 'detect_every'?"), run.err());
    }

    /** The engine's errors name settings neutrally; the command line adds its own flag and what to do. */
    @Test
    void settingErrorsFromTheEngineCarryTheFlagToChange(@TempDir Path dir) throws Exception {
        String vtest = SampleMedia.standard().file("vtest.avi").toString();
        CliRun batch = CliRun.inChild("track", "--source", vtest, "--batch", "0", "--out", dir.toString());
        assertTrue(batch.isOneLineUserError(), batch.err());
        assertTrue(batch.err().contains("The batch must be 1 to 64 frames, got 0; set --batch"), batch.err());
        Path earlier = Files.writeString(dir.resolve("vtest.mp4"), "an earlier run");
        CliRun again = CliRun.inChild("track", "--source", vtest, "--max-frames", "2", "--out", dir.toString());
        assertTrue(again.isOneLineUserError(), again.err());
        assertTrue(again.err().contains(earlier + " is there from an earlier run; pass --overwrite to replace it, or choose another --out"),
                again.err());
    }

    @Test
    void badInputsAreOneLineWithExitTwo(@TempDir Path dir) throws Exception {
        assertTrue(CliRun.inChild("track", "--source", dir.resolve("missing.mp4").toString()).isOneLineUserError());
        assertTrue(CliRun.inChild("track", "--source", "x.mp4", "--duration", "soon").isOneLineUserError());
        assertTrue(CliRun.inChild("track", "--source", "x.mp4", "--tracker", "nope").isOneLineUserError());
        assertTrue(CliRun.inChild("track", "--source", "x.mp4", "--live", "--file").isOneLineUserError());
        assertTrue(CliRun.inChild("track", "--source", "rtsp://127.0.0.1:9/none", "--connect-timeout", "1s").isOneLineUserError());
    }

    @Test
    void showWithoutADisplayIsAClearMessage(@TempDir Path out) throws Exception {
        CliRun run = CliRun.inChild("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--show",
                "--out", out.toString(), "--max-frames", "2");
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("needs a display") && run.err().contains("drop --show"), run.err());
    }
}
