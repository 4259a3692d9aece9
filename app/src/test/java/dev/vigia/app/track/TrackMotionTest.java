package dev.vigia.app.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import dev.vigia.pipeline.source.RtspTestServer;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigia track --motion} on a file and on a live RTSP camera, and its settings file. */
class TrackMotionTest {

    private static JsonNode motionOf(Path statsJson) throws Exception {
        JsonNode motion = new ObjectMapper().readTree(statsJson.toFile()).get("motion");
        assertTrue(motion != null, "the stats have a motion section");
        return motion;
    }

    @Test
    void aFileTrackedWithMotionReportsWhatItDetected(@TempDir Path dir) throws Exception {
        Path stats = dir.resolve("stats.json");
        CliRun run = CliRun.of("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--motion",
                "--detect-budget", "3", "--max-frames", "80", "--out", dir.resolve("out").toString(), "--stats-json", stats.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode motion = motionOf(stats);
        assertEquals(80, motion.get("frames").asLong());
        long detections = motion.get("detections_run").asLong();
        // A budget of 3 a second over 8 s of video (80 frames at 10 fps), from a full bucket of 2, and at most
        // 2 more on credit for motion no track explains (people stepping in).
        assertTrue(detections >= 1 && detections <= 2 + 2 + 3 * 8, "detections run: " + detections);
        assertEquals(80 - detections, motion.get("frames_skipped").asLong());
        // The busy street moves in nearly every frame.
        assertTrue(motion.get("motion_fraction").asDouble() > 0.9, motion.toString());
        assertEquals(80, Files.readAllLines(dir.resolve("out/vtest.jsonl")).size(), "every frame is still tracked and written");
        // It asked for more than that (every frame moves): the stats say it was short.
        JsonNode root = new ObjectMapper().readTree(stats.toFile());
        assertEquals("[\"vtest\"]", root.at("/budget/short").toString(), root.toString());
        assertEquals(3.0, root.at("/budget/per_second").asDouble());
        assertEquals(detections, root.at("/sources/vtest/budget/granted").asLong());
        assertTrue(root.at("/sources/vtest/budget/refused").asLong() > 0, root.at("/sources/vtest").toString());
    }

    @Test
    void motionRegionsTrackTheFileThroughCrops(@TempDir Path dir) throws Exception {
        Path stats = dir.resolve("stats.json");
        CliRun run = CliRun.of("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--motion-regions",
                "--max-frames", "30", "--out", dir.resolve("out").toString(), "--stats-json", stats.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode motion = motionOf(stats);
        assertEquals(30, motion.get("frames").asLong(), "--motion-regions gates by motion as --motion does");
        assertTrue(motion.get("detections_run").asLong() >= 1, motion.toString());
        // The street's people are found through the crops: the last frame written has tracks.
        java.util.List<String> lines = Files.readAllLines(dir.resolve("out/vtest.jsonl"));
        assertEquals(30, lines.size());
        JsonNode last = new ObjectMapper().readTree(lines.get(29));
        assertTrue(last.get("tracks").size() >= 3, "people tracked at the 30th frame: " + last);
    }

    @Test
    void aLiveCameraTrackedWithMotionReportsItToo(@TempDir Path dir) throws Exception {
        assumeTrue(RtspTestServer.available(), "Debian's python3-gi and gir1.2-gst-rtsp-server-1.0 are not installed; .ci/run installs them");
        Path stats = dir.resolve("stats.json");
        try (RtspTestServer server = new RtspTestServer(SampleMedia.standard().file("vtest.avi"), dir)) {
            server.start();
            CliRun run = CliRun.of("track", "--source", server.url(), "--live", "--motion", "--max-frames", "40",
                    "--connect-timeout", "5s", "--out", dir.resolve("out").toString(), "--stats-json", stats.toString());
            assertEquals(0, run.exitCode(), run.err());
        }
        JsonNode root = new ObjectMapper().readTree(stats.toFile());
        JsonNode motion = motionOf(stats);
        assertEquals(root.get("frames_out").asLong(), motion.get("frames").asLong(), "every frame taken was looked at for motion");
        assertTrue(motion.get("detections_run").asLong() >= 1, motion.toString());
    }

    @Test
    void aBadMotionSettingIsOneLineNamingFileKeyValueAndRange(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("motion.yaml");
        Files.writeString(config, "motion:\n  threshold: 300\n");
        CliRun run = CliRun.inChild("track", "--source", SampleMedia.standard().file("vtest.avi").toString(),
                "--motion-config", config.toString(), "--out", dir.resolve("out").toString());
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains(config.toString()) && run.err().contains("threshold must be 1..255, got 300"), run.err());
    }

    @Test
    void motionIsRefusedForADetectionsFileWhichHasNoPixels(@TempDir Path dir) throws Exception {
        Path detections = Files.writeString(dir.resolve("det.txt"), "1,-1,10,10,20,40,0.9,-1,-1,-1\n");
        CliRun run = CliRun.of("track", "--detections", detections.toString(), "--motion", "--out", dir.resolve("out").toString());
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("a --detections file has none; drop --motion"), run.err());
        assertTrue(Files.notExists(dir.resolve("out")), "nothing was written");
    }

    @Test
    void aBadDetectionBudgetIsOneLineNamingTheFlag(@TempDir Path dir) throws Exception {
        String vtest = SampleMedia.standard().file("vtest.avi").toString();
        Path out = dir.resolve("out");
        CliRun words = CliRun.of("track", "--source", vtest, "--motion", "--detect-budget", "lots", "--out", out.toString());
        assertTrue(words.isOneLineUserError(), words.err());
        assertTrue(words.err().contains("--detect-budget must be auto or 0.1..10000 detections a second, got 'lots'"), words.err());
        CliRun floor = CliRun.of("track", "--source", vtest, "--motion", "--detect-budget-floor", "99", "--out", out.toString());
        assertTrue(floor.isOneLineUserError(), floor.err());
        assertTrue(floor.err().contains("--detect-budget-floor must be 0..60 detections a second, got 99"), floor.err());
        CliRun ungated = CliRun.of("track", "--source", vtest, "--detect-budget", "10", "--out", out.toString());
        assertTrue(ungated.isOneLineUserError(), ungated.err());
        assertTrue(ungated.err().contains("--detect-budget shares detections among sources gated by motion; add --motion"), ungated.err());
        assertTrue(Files.notExists(out), "nothing was written");
    }
}
