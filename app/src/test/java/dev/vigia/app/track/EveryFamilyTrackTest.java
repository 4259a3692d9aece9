package dev.vigia.app.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.app.CliRun;
import dev.vigia.models.detect.StandInModels;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code vigia track --source vtest.avi --detector X} for a model of every family: the same
 * pipeline, renderer and sinks run all of them. Real weights for nanodet, centernet and the two
 * face detectors; yolov3-tiny from Debian's cfg with seeded weights and a Mask R-CNN-signature
 * export stand in where no weights can be fetched.
 */
class EveryFamilyTrackTest {

    private static final int FRAMES = 6;

    @TempDir
    static Path models;

    @BeforeAll
    static void importTheStandIns() throws Exception {
        StandInModels.importInto(ModelStore.standard(), models, "test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nanodet", "centernet", "tiny_face_detector", "ssd_mobilenetv1", "test-yolov3-tiny", "test-mask-rcnn"})
    void tracksVtestIntoEveryOutput(String detector, @TempDir Path out) throws Exception {
        Path vtest = SampleMedia.standard().file("vtest.avi");
        Path stats = out.resolve("stats.json");
        CliRun run = CliRun.of("track", "--source", vtest.toString(), "--detector", detector, "--out", out.toString(),
                "--max-frames", String.valueOf(FRAMES), "--tracker", "iou", "--stats-json", stats.toString());
        assertEquals(0, run.exitCode(), run.err());
        // Too few frames for a failing stage to end the run: the counts must show there was none.
        var failures = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stats.toFile()).get("stage_failures");
        assertTrue(failures.has("detect") && failures.has("render") && failures.has("mp4"), failures.toString());
        failures.fields().forEachRemaining(stage -> assertEquals(0, stage.getValue().asLong(), detector + ": " + stage.getKey()));
        List<String> lines = Files.readAllLines(out.resolve("vtest.jsonl"));
        assertEquals(FRAMES, lines.size(), "one JSON line per frame");
        assertTrue(Files.size(out.resolve("vtest.mp4")) > 0, "the video was written");
        assertTrue(Files.exists(out.resolve("vtest.mot.txt")) && Files.exists(out.resolve("vtest.tracks.csv")));
        if (detector.equals("nanodet") || detector.equals("test-mask-rcnn")) {
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"label\"")), detector + " tracks something in vtest: " + lines);
        }
    }

    /** The Mask R-CNN stand-in's instance masks reach the tracks: in the JSON Lines as COCO RLE of the frame. */
    @Test
    void instanceMasksOfAMaskRcnnExportBelongToTracks(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--detector", "test-mask-rcnn",
                "--out", out.toString(), "--max-frames", String.valueOf(FRAMES), "--tracker", "iou", "--masks", "instance");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(out.resolve("vtest.jsonl"));
        long masked = lines.stream().filter(l -> l.contains("\"mask\":{\"size\":[576,768],\"counts\":")).count();
        assertTrue(masked > 0, "tracks with masks in " + lines);
    }
}
