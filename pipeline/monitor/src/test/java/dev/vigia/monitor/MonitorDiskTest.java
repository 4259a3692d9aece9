package dev.vigia.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.motion.DetectionBudget;
import dev.vigia.pipeline.Vigia;
import dev.vigia.samples.SampleMedia;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigia monitor} on vtest.avi with real NanoDet, when its snapshots cannot be written (a
 * file stands where the snapshot folder must be made, as a full disk would refuse it): the camera
 * reads the whole recording, its events are logged without pictures, and the failures are counted
 * on /metrics. The camera is gated by motion on a detection budget smaller than its detect_fps,
 * so /metrics and /api/stats also say it got less than it asked for.
 */
class MonitorDiskTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FRAMES = 250;

    @Test
    void aCameraWhoseSnapshotsCannotBeWrittenKeepsRunningAndCountsTheFailures(@TempDir Path dir) throws Exception {
        Path vtest = SampleMedia.standard().file("vtest.avi");
        Files.createDirectories(dir.resolve("events"));
        Files.writeString(dir.resolve("events/snapshots"), "a file where the snapshot folder must be made");
        Path config = dir.resolve("cameras.yaml");
        Files.writeString(config, """
                cameras:
                  - name: street
                    url: %s
                    mode: file
                    filters: {classes: [person]}
                    motion: {}
                events: {dir: events}
                detect_budget: 3
                """.formatted(vtest));
        List<String> problems = new ArrayList<>();
        try (DetectorModel model = Detectors.load(ModelStore.standard(), "nanodet", new DetectorOptions(0.3f, DeviceChoice.CPU))) {
            MonitorSetup setup = MonitorSetup.load(config, model.labels());
            assertEquals(List.of(), setup.problems());
            // 250 frames: a recording plays at its own pace (10 fps), and vtest's first 25 s hold enough people.
            try (Monitor monitor = Monitor.start(setup, model, Vigia.engine().tracker("bytetrack").maxFrames(FRAMES),
                    new Monitor.Web(true, "127.0.0.1", 0, null), problem -> problems.add(problem.getMessage()))) {
                assertTrue(monitor.awaitTermination(Duration.ofMinutes(5)), "the recording was read to its end");
                PipelineStats street = monitor.engine().sourceStats().get("street");
                assertEquals(FRAMES, street.framesIn(), "every frame asked for was read");
                assertEquals(0L, street.stageFailures().getOrDefault("scene", 0L), "the scene stage never failed a frame");
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + monitor.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(metric(metrics, "vigia_write_failures_total{camera=\"street\",kind=\"snapshot\"}") >= 1, metrics);
                assertEquals(0, metric(metrics, "vigia_write_failures_total{camera=\"street\",kind=\"event\"}"));
                // Motion gating on a budget of 3 detections a second: one camera that moves takes its floor (1) and the
                // rest (2), under its cap of 5 (detect_fps). Something moves in nearly every frame of vtest.avi, so it
                // asks for about every second frame (5 a second over 25 s) and is held to 3 a second: short.
                DetectionBudget.Share share = monitor.engine().detectionBudget().orElseThrow().sources().get(0);
                assertEquals(3.0, metric(metrics, "vigia_detect_budget_per_second"));
                assertEquals(3.0, metric(metrics, "vigia_camera_budget_detections_per_second{camera=\"street\"}"), 1e-9);
                assertEquals(1.0, metric(metrics, "vigia_camera_budget_share{camera=\"street\"}"), 1e-9);
                assertEquals(share.refused(), metric(metrics, "vigia_camera_budget_refused_total{camera=\"street\"}"));
                assertTrue(share.refused() > 0 && share.asked() >= FRAMES / 2 - 5, "asked for more than the budget gave: " + share);
                long detections = street.motionDetections();
                assertTrue(detections <= 2 + 3 * FRAMES / 10, "held to 3 a second (and a full bucket of 2): " + detections);
                assertEquals(detections, metric(metrics, "vigia_camera_detections_run_total{camera=\"street\"}"));
                assertEquals(FRAMES - detections, metric(metrics, "vigia_camera_frames_skipped_total{camera=\"street\"}"));
                assertTrue(metric(metrics, "vigia_camera_motion_fraction{camera=\"street\"}") > 0.9, "vtest.avi moves nearly everywhere");
                JsonNode stats = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + monitor.port() + "/api/stats")).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertEquals("[\"street\"]", stats.at("/budget/short").toString(), stats.toString());
                assertEquals(detections, stats.at("/sources/street/motion/detections_run").asLong());
            }
        }
        assertEquals(List.of(), problems);
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("events/events.jsonl"))) {
            events.add(JSON.readTree(line));
        }
        long people = events.stream().filter(e -> e.get("type").asText().equals("new")).count();
        assertTrue(people >= 3, "vtest.avi's pedestrians are announced: " + people + " new objects");
        assertTrue(events.stream().allMatch(e -> e.get("snapshot").isNull()), "no event names a snapshot that was never written");
        assertEquals(people, events.stream().filter(e -> e.get("type").asText().equals("end")).count(), "every object ends");
    }

    private static double metric(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in /metrics"));
    }
}
