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
import dev.vigia.monitor.events.MosquittoBroker;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.source.RtspTestServer;
import dev.vigia.samples.SampleMedia;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * {@code vigia monitor} as a user runs it, with real parts: vtest.avi served by Debian's GStreamer
 * RTSP server, a second camera that is down at start and comes up later, Debian's mosquitto, the
 * dashboard in Debian's headless Chromium. The monitor runs once for the class; the tests read what
 * it produced, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static RtspTestServer street;
    private static RtspTestServer late;
    private static MosquittoBroker broker;
    private static MqttClient subscriber;
    private static final Map<String, String> retained = new ConcurrentHashMap<>();
    private static final List<String> mqttEvents = new CopyOnWriteArrayList<>();
    private static DetectorModel model;
    private static Monitor monitor;
    private static final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startMonitor() throws Exception {
        assumeTrue(RtspTestServer.available(), "Debian's python3-gi and gir1.2-gst-rtsp-server-1.0 are missing; .ci/run installs them");
        assumeTrue(MosquittoBroker.available(), "Debian's mosquitto is missing; .ci/run installs it");
        Path vtest = SampleMedia.standard().file("vtest.avi");
        street = new RtspTestServer(vtest, Files.createDirectories(dir.resolve("street")));
        street.start();
        late = new RtspTestServer(vtest, Files.createDirectories(dir.resolve("late")));
        broker = new MosquittoBroker(dir);
        subscriber = new MqttClient("tcp://127.0.0.1:" + broker.port(), "test-subscriber", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        subscriber.connect(options);
        subscriber.subscribe("vigia/#", 1, (topic, message) -> {
            String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
            if (topic.equals("vigia/events")) {
                mqttEvents.add(payload);
            } else {
                retained.put(topic, payload);
            }
        });
        // The test server scales vtest.avi to 384x288, so the zone and line are fractions of the frame:
        // the line crosses the path people walk, the zone covers the road; "late" has a broken zone.
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
                    lines:
                      - name: middle
                        points: [[0.52, 0.73], [0.52, 0.21]]
                  - name: late
                    url: %s
                    detect_fps: 2
                    zones:
                      - name: broken
                        points: [[0, 0], [10, 0]]
                mqtt: {host: 127.0.0.1, port: %d, topic_prefix: vigia}
                recordings: {dir: clips, pre_capture: 2, post_capture: 2, retain_days: 1, max_gb: 1}
                events: {dir: events, super_resolution: {model: esrgan-slim, scale: 4, below: 400}}
                watchdog: 5
                """.formatted(street.url(), late.url(), broker.port()));
        model = Detectors.load(ModelStore.standard(), "nanodet", new DetectorOptions(0.1f, DeviceChoice.CPU));
        MonitorSetup setup = MonitorSetup.load(config, model.labels());
        setup.problems().forEach(problems::add);
        monitor = Monitor.start(setup, model, Vigia.engine().tracker("bytetrack"), new Monitor.Web(true, "127.0.0.1", 0, null),
                problem -> problems.add(problem.getMessage()));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
        if (model != null) {
            model.close();
        }
        if (subscriber != null && subscriber.isConnected()) {
            subscriber.disconnect();
        }
        for (AutoCloseable part : new AutoCloseable[] {street, late, broker}) {
            if (part != null) {
                part.close();
            }
        }
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private static JsonNode camera(String name) throws Exception {
        for (JsonNode camera : JSON.readTree(get("/api/cameras"))) {
            if (camera.get("name").asText().equals(name)) {
                return camera;
            }
        }
        throw new AssertionError("no camera " + name + " in /api/cameras");
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

    private static List<JsonNode> loggedEvents() {
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

    @Test
    @Order(1)
    void theBrokenZoneIsOneLineAndTheCamerasRunAnyway() throws Exception {
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("camera 'late': zone 'broken'.points: a zone needs at least 3 points"), problems.get(0));
        await("frames from street", Duration.ofSeconds(30), () -> {
            try {
                return camera("street").at("/health/frames").asLong() > 20;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode late = camera("late");
        assertFalse(late.at("/health/connected").asBoolean(), "the late camera is down: " + late);
        assertEquals("offline", late.at("/health/quality").asText());
    }

    @Test
    @Order(2)
    void aPersonCrossingTheLineIsAnEventInTheLogOnMqttAndInTheApi() throws Exception {
        await("a line crossing in events.jsonl", Duration.ofSeconds(90),
                () -> loggedEvents().stream().anyMatch(e -> "line_crossed".equals(e.path("reason").asText())));
        JsonNode crossing = loggedEvents().stream().filter(e -> "line_crossed".equals(e.path("reason").asText())).findFirst().orElseThrow();
        assertEquals("street", crossing.get("camera").asText());
        assertEquals("middle", crossing.get("line").asText());
        assertTrue(List.of("in", "out").contains(crossing.get("direction").asText()));
        assertEquals("person", crossing.get("label").asText());
        String id = crossing.get("id").asText();
        List<JsonNode> sameObject = loggedEvents().stream().filter(e -> e.get("id").asText().equals(id)).toList();
        assertEquals("new", sameObject.get(0).get("type").asText(), "an object's first event is 'new'");
        assertTrue(Files.isRegularFile(Path.of(crossing.get("snapshot").asText())), "the snapshot is on disk: " + crossing);

        await("the crossing on MQTT", Duration.ofSeconds(10), () -> mqttEvents.stream().anyMatch(p -> p.contains("\"line_crossed\"")));
        assertEquals("online", retained.get("vigia/street/status"));
        assertEquals("online", retained.get("vigia/available"));

        JsonNode fromApi = JSON.readTree(get("/api/events?camera=street&label=person&limit=1000"));
        assertTrue(fromApi.size() > 0);
        fromApi.forEach(e -> assertEquals("street", e.get("camera").asText()));
        assertEquals(0, JSON.readTree(get("/api/events?camera=late")).size());
        assertTrue(camera("street").at("/scene/lines/middle/in").asLong() + camera("street").at("/scene/lines/middle/out").asLong() >= 1);
        byte[] snapshot = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port()
                + crossing.get("snapshot_url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        assertTrue(snapshot.length > 100 && (snapshot[0] & 0xff) == 0xFF && (snapshot[1] & 0xff) == 0xD8, "a JPEG");
        // Super-resolved x4: the crop (the box and a 15% margin) comes out far wider than the box.
        Mat picture = imdecode(new Mat(new BytePointer(snapshot)), IMREAD_COLOR);
        double boxWidth = crossing.get("box").get(2).asDouble() - crossing.get("box").get(0).asDouble();
        assertTrue(picture.cols() > 2.5 * boxWidth, picture.cols() + " px wide for a box " + boxWidth + " px wide");
    }

    @Test
    @Order(3)
    void healthMetricsAndTheLatestFrameAreServed() throws Exception {
        JsonNode health = camera("street").get("health");
        assertTrue(health.get("connected").asBoolean(), health.toString());
        assertTrue(health.get("frames").asLong() > 20, "frames arrive: " + health);
        assertEquals(10.0, health.get("fps_expected").asDouble(), 0.01, "the stream's declared rate (vtest.avi's), not a measurement");
        // The server sends vtest.avi in real time: frames in per second, measured over the last sampling
        // interval, are near the file's own rate (read here with FFmpeg), neither stalled nor doubled.
        double sourceFps = TestVideos.probe(SampleMedia.standard().file("vtest.avi")).fps();
        double fpsIn = health.get("fps_in").asDouble();
        assertTrue(fpsIn >= 0.6 * sourceFps && fpsIn <= 1.4 * sourceFps, "fps_in " + fpsIn + " for a " + sourceFps + " fps source: " + health);
        String metrics = get("/metrics");
        metricValue(metrics, "vigia_camera_fps_in{camera=\"street\"}"); // the series is served (it throws when missing)
        assertTrue(metricValue(metrics, "vigia_camera_frames_in_total{camera=\"street\"}") > 20);
        assertTrue(metricValue(metrics, "vigia_process_resident_bytes") > 1e8);
        assertTrue(metrics.contains("jvm_memory_used_bytes"));
        assertEquals("ok", JSON.readTree(get("/api/stats")).has("sources") ? "ok" : "no sources in /api/stats");
        assertEquals("street", JSON.readTree(get("/api/config")).at("/cameras/0/name").asText());
        HttpResponse<byte[]> latest = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port()
                + "/api/cameras/street/latest.jpg")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("image/jpeg", latest.headers().firstValue("Content-Type").orElse(""));
        assertEquals(0xD8, latest.body()[1] & 0xff);
    }

    private static double metricValue(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in /metrics"));
    }

    @Test
    @Order(4)
    void theDashboardShowsATilePerCameraLiveFramesAndTheCrossing() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver are missing; .ci/run installs them");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get("http://127.0.0.1:" + monitor.port() + "/");
            await("two tiles", Duration.ofSeconds(20), () -> browser.findElements(By.cssSelector(".tile")).size() == 2);
            WebElement tile = browser.findElement(By.cssSelector(".tile[data-camera='street']"));
            String before = tile.findElement(By.cssSelector(".frames")).getText();
            await("the street tile's frame count to move", Duration.ofSeconds(15),
                    () -> !tile.findElement(By.cssSelector(".frames")).getText().equals(before));
            Object width = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "return document.querySelector(\".tile[data-camera='street'] img\").naturalWidth");
            assertEquals(384L, ((Number) width).longValue(), "the live MJPEG view shows the camera's 384x288 frames");
            await("a line crossing in the event list", Duration.ofSeconds(20),
                    () -> !browser.findElements(By.cssSelector(".event[data-reason='line_crossed']")).isEmpty());
            Path shot = Path.of("target", "monitor-dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(5)
    void theLateCameraIsPickedUpWhenItComesUp() throws Exception {
        late.start();
        await("the late camera online", Duration.ofSeconds(30), () -> {
            try {
                return camera("late").at("/health/connected").asBoolean();
            } catch (Exception e) {
                return false;
            }
        });
        await("its status on MQTT", Duration.ofSeconds(10), () -> "online".equals(retained.get("vigia/late/status")));
    }

    @Test
    @Order(6)
    void aCameraThatDiesGoesOfflineComesBackCountedAndEventClipsArePlayable() throws Exception {
        street.kill();
        await("street offline", Duration.ofSeconds(20), () -> "offline".equals(retained.get("vigia/street/status")));
        street.start();
        await("street back online", Duration.ofSeconds(30), () -> "online".equals(retained.get("vigia/street/status")));
        await("the reconnect in the last hour's health", Duration.ofSeconds(10), () -> {
            try {
                return camera("street").at("/health/reconnects_last_hour").asLong() >= 1;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(metricValue(get("/metrics"), "vigia_camera_reconnects_total{camera=\"street\"}") >= 1, "counted while running");
        monitor.close();
        List<Path> clips;
        try (var files = Files.walk(dir.resolve("clips"))) {
            clips = files.filter(p -> p.toString().endsWith(".mp4")).toList();
        }
        assertFalse(clips.isEmpty(), "an event clip was written");
        TestVideos.Probe probe = TestVideos.probe(clips.get(0));
        assertEquals(384, probe.width());
        assertTrue(probe.frames() > 10, "the clip has the event's frames: " + probe);
        JsonNode withClip = loggedEvents().stream().filter(e -> e.hasNonNull("clip")).findFirst().orElseThrow();
        assertTrue(clips.contains(Path.of(withClip.get("clip").asText())), withClip.get("clip") + " is one of " + clips);
        assertTrue(loggedEvents().stream().anyMatch(e -> e.get("type").asText().equals("end")), "objects end");
        await("every camera's retained status exactly offline", Duration.ofSeconds(10),
                () -> "offline".equals(retained.get("vigia/street/status")) && "offline".equals(retained.get("vigia/late/status")));
        await("the monitor unavailable", Duration.ofSeconds(10), () -> "offline".equals(retained.get("vigia/available")));
    }
}
