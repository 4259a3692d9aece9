package dev.vigia.monitor;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.source.RtspTestServer;
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
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera that comes back at another resolution (the GStreamer RTSP server restarted on the same
 * port at 512 x 288, 16:9, after 384 x 288, 4:3): the monitor keeps the camera's first frame size and
 * scales the new stream to it, so the latest frame, new clips, snapshots and zones given as
 * fractions of the frame all go on in one geometry, with the whole new picture in it.
 */
class MonitorResolutionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Monitor monitor;

    @Test
    void aCameraBackAtAnotherSizeGoesOnInItsFirstGeometry() throws Exception {
        assumeTrue(RtspTestServer.available(), "Debian's python3-gi and gir1.2-gst-rtsp-server-1.0 are missing; .ci/run installs them");
        Path vtest = SampleMedia.standard().file("vtest.avi");
        try (RtspTestServer street = new RtspTestServer(vtest, Files.createDirectories(dir.resolve("street")));
                DetectorModel model = Detectors.load(ModelStore.standard(), "nanodet", new DetectorOptions(0.1f, DeviceChoice.CPU))) {
            street.start();
            Path config = dir.resolve("cameras.yaml");
            Files.writeString(config, """
                    cameras:
                      - name: street
                        url: %s
                        detect_fps: 5
                        filters: {classes: [person], min_score: 0.35}
                        zones:
                          - name: road
                            points: [[0.3, 0.3], [0.7, 0.3], [0.7, 0.6], [0.3, 0.6]]
                            inertia: 2
                    recordings: {dir: clips, pre_capture: 1, post_capture: 1}
                    events: {dir: events}
                    watchdog: 5
                    """.formatted(street.url()));
            MonitorSetup setup = MonitorSetup.load(config, model.labels());
            monitor = Monitor.start(setup, model, Vigia.engine().tracker("bytetrack"), new Monitor.Web(true, "127.0.0.1", 0, null),
                    problem -> {
                        throw new AssertionError(problem.getMessage());
                    });
            try {
                await("frames at the first size", Duration.ofSeconds(60), () -> health().path("frames").asLong() > 20);
                assertEquals(List.of(384, 288), latestSize());

                street.kill();
                street.serveAt(512, 288);
                street.start();
                assertEquals(512, servedWidth(street.url()), "the server really sends the new size");
                await("the camera back after the change", Duration.ofSeconds(60), () -> health().path("reconnects_last_hour").asLong() >= 1);
                double changed = System.currentTimeMillis() / 1000.0;
                long framesAtChange = health().path("frames").asLong();
                await("frames of the new stream", Duration.ofSeconds(30), () -> health().path("frames").asLong() > framesAtChange + 50);
                assertEquals(List.of(384, 288), latestSize(), "the latest frame keeps the camera's geometry");
                await("an object in the road zone after the change", Duration.ofSeconds(90), () -> events().stream()
                        .anyMatch(e -> e.path("time").asDouble() > changed && "zone_entered".equals(e.path("reason").asText())));
                JsonNode entered = events().stream()
                        .filter(e -> e.path("time").asDouble() > changed && "zone_entered".equals(e.path("reason").asText())).findFirst()
                        .orElseThrow();
                // The zone is a fraction of the frame: the anchor (bottom centre) of the box that entered lies in it.
                double x = (entered.get("box").get(0).asDouble() + entered.get("box").get(2).asDouble()) / 2 / 384;
                double y = entered.get("box").get(3).asDouble() / 288;
                assertTrue(x > 0.25 && x < 0.75 && y > 0.25 && y < 0.65, "anchor at " + x + ", " + y + " of the frame: " + entered);
            } finally {
                monitor.close();
            }
            List<Path> clips;
            try (var files = Files.walk(dir.resolve("clips"))) {
                clips = files.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
            }
            assertFalse(clips.isEmpty());
            for (Path clip : clips) {
                TestVideos.Probe probe = TestVideos.probe(clip);
                assertEquals(384, probe.width(), clip + ": " + probe);
                assertEquals(288, probe.height(), clip + ": " + probe);
                assertTrue(probe.frames() > 0, clip + ": " + probe);
            }
            for (JsonNode event : events()) {
                if (event.hasNonNull("snapshot")) {
                    Mat snapshot = org.bytedeco.opencv.global.opencv_imgcodecs.imread(event.get("snapshot").asText());
                    assertTrue(snapshot.cols() > 0 && snapshot.cols() <= 384 && snapshot.rows() <= 288, event.toString());
                }
            }
        }
    }

    private JsonNode health() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port()
                    + "/api/cameras")).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).get(0).get("health");
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    /** The frame width the RTSP server sends now, as FFmpeg reads it. */
    private static int servedWidth(String url) throws Exception {
        try (org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(url)) {
            grabber.setOption("rtsp_transport", "tcp");
            grabber.setOption("timeout", "5000000");
            grabber.start();
            return grabber.grabImage().imageWidth;
        }
    }

    private List<Integer> latestSize() throws Exception {
        byte[] jpeg = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + "/api/cameras/street/latest.jpg"))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        Mat picture = imdecode(new Mat(new BytePointer(jpeg)), IMREAD_COLOR);
        return List.of(picture.cols(), picture.rows());
    }

    private List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("events/events.jsonl"))) {
                events.add(JSON.readTree(line));
            }
        } catch (java.io.IOException e) {
            return events;
        }
        return events;
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + limit.toSeconds() + " s for " + what);
            }
            Thread.sleep(250);
        }
    }
}
