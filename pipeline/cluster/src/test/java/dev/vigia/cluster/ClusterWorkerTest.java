package dev.vigia.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.monitor.Monitor;
import dev.vigia.monitor.config.MonitorConfig;
import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.pipeline.Vigia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClusterWorker} in this JVM against a real broker (KRaft, a child JVM): built as a Java
 * program builds it, with a real {@link Monitor} on a sample video, and with monitors that fail as
 * real ones can: a camera that cannot start, a monitor that throws while stopping. Those check
 * their cameras' config as {@code vigia monitor} does ({@link MonitorSetup}); only the video is left
 * out. Each test uses its own group and camera names and removes its cameras.
 */
class ClusterWorkerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LabelMap LABELS = LabelMap.of(List.of("person", "car"));

    @TempDir
    static Path dir;

    private static KafkaTestBroker broker;
    private static CameraCatalog catalog;
    private final List<ClusterWorker> workers = new ArrayList<>();
    private final List<String> written = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.start(dir);
        ClusterTopics.ensure(KafkaConnection.to(broker.bootstrap()), Duration.ofSeconds(60));
        catalog = new CameraCatalog(KafkaConnection.to(broker.bootstrap()));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @AfterEach
    void removeWorkersAndCameras() throws Exception {
        for (ClusterWorker worker : workers) {
            worker.close();
        }
        Map<String, byte[]> tombstones = new LinkedHashMap<>();
        written.forEach(name -> tombstones.put(name, null));
        catalog.put(tombstones);
    }

    /**
     * The camera, its line and the 80 frames are those of {@code MonitorBuilderTest}'s "road" line,
     * whose crossings were counted by hand: a couple and a man walking up across it, 3 in, 0 out.
     */
    @Test
    void aWorkerBuiltInProcessRunsARealMonitorOnItsAssignedCameraAndPutsItsCrossingsOnKafka() throws Exception {
        put("embedded-plaza", """
                {"name": "embedded-plaza", "url": "sample:vtest.avi", "mode": "file", "detect_fps": 10,
                 "start_time": "2024-05-01T08:00:00Z", "filters": {"classes": ["person"], "min_score": 0.35},
                 "lines": [{"name": "road", "points": [[768, 345], [450, 345]]}]}
                """);
        List<String> problems = new CopyOnWriteArrayList<>();
        try (DetectorModel model = Detectors.load(ModelStore.standard(), "nanodet", new DetectorOptions(0.1f, DeviceChoice.CPU))) {
            ClusterWorker worker = ClusterWorker.builder(KafkaConnection.to(broker.bootstrap()))
                    .group("embedded")
                    .workerId("w-embedded")
                    .sessionTimeout(Duration.ofSeconds(6))
                    .allowLocalSources(true)
                    .monitor(MonitorConfig.empty(), dir.resolve("shared.yaml"),
                            () -> Monitor.builder().detector(model).engine(Vigia.engine().tracker("bytetrack").maxFrames(80)))
                    .problems(problems::add)
                    .build();
            workers.add(worker);
            assertEquals("w-embedded", worker.workerId());
            worker.start();
            await("embedded-plaza running on w-embedded", () -> worker.cameras().contains("embedded-plaza"));
            await("three crossings of road on vigia.events", () -> crossings("embedded-plaza").size() >= 3);
            // Stopping the worker stops its monitor, whose producer sends what it still holds.
            workers.remove(worker);
            worker.close();
        }
        List<JsonNode> crossings = crossings("embedded-plaza");
        assertEquals(List.of("road in", "road in", "road in"),
                crossings.stream().map(c -> c.get("line").asText() + " " + c.get("direction").asText()).toList(), crossings.toString());
        assertTrue(crossings.stream().allMatch(c -> c.get("label").asText().equals("person")), crossings.toString());
        assertEquals(List.of(), problems);
        assertEquals("w-embedded", latestStatus().get("embedded-plaza").path("worker").asText());
    }

    /** The topics were ensured before the tests; ensuring again (a second worker starting) leaves them as they are. */
    @Test
    void theClusterTopicsAreThereWithTwelveCameraPartitionsAndCamerasAndCountsCompacted() throws Exception {
        ClusterTopics.ensure(KafkaConnection.to(broker.bootstrap()), Duration.ofSeconds(10));
        List<String> names = List.of(ClusterTopics.CAMERAS, ClusterTopics.EVENTS, ClusterTopics.STATUS, ClusterTopics.COUNTS);
        try (Admin admin = ClusterTopics.connect(KafkaConnection.to(broker.bootstrap()), Duration.ofSeconds(10))) {
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
            assertEquals(12, topics.get("vigia.cameras").partitions().size());
            List<ConfigResource> resources = names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
            List<String> policies = resources.stream().map(r -> configs.get(r).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).toList();
            assertEquals(List.of("compact", "delete", "delete", "compact"), policies);
        }
    }

    @Test
    void aWorkerWhoseMonitorThrowsWhileStoppingKeepsPollingAndRunsTheNextAssignment() throws Exception {
        put("survivor-a", camera("survivor-a", "rtsp://127.0.0.1:9/a"));
        Monitors first = new Monitors(name -> false, true);
        ClusterWorker w1 = worker("survivors", "w1", first, new CopyOnWriteArrayList<>());
        await("survivor-a on w1", () -> w1.cameras().contains("survivor-a"));

        // A second worker joins: the rebalance revokes w1's partitions, and stopping its monitor throws.
        Monitors second = new Monitors(name -> false, false);
        ClusterWorker w2 = worker("survivors", "w2", second, new CopyOnWriteArrayList<>());
        await("the rebalance after w2 joined", () -> first.stops() >= 1
                && (w2.cameras().contains("survivor-a") || first.starts("survivor-a") >= 2));

        // w2 leaves: every partition goes back to w1, which must still be polling to take them.
        int startsBefore = first.starts("survivor-a");
        workers.remove(w2);
        w2.close();
        await("survivor-a started again on w1 after w2 left", () -> first.starts("survivor-a") > startsBefore
                && w1.cameras().contains("survivor-a"));
        assertTrue(first.stops() >= 1, "the failing stop was exercised");
    }

    @Test
    void aCameraThatCannotStartIsItsOwnStatusAndTheOthersRun() throws Exception {
        for (String name : List.of("solo-1", "solo-bad", "solo-2")) {
            put(name, camera(name, "rtsp://127.0.0.1:9/" + name));
        }
        List<String> problems = new CopyOnWriteArrayList<>();
        ClusterWorker worker = worker("solo", "w-solo", new Monitors(name -> name.equals("solo-bad"), false), problems);
        await("solo-1 and solo-2 running", () -> worker.cameras().containsAll(List.of("solo-1", "solo-2")));
        assertFalse(worker.cameras().contains("solo-bad"), worker.cameras().toString());
        await("solo-bad's status says why it does not run", () -> {
            JsonNode bad = latestStatus().get("solo-bad");
            return bad != null && !bad.path("running").asBoolean(true) && bad.path("problem").asText().contains("no frames from solo-bad");
        });
        assertEquals("w-solo", latestStatus().get("solo-bad").path("worker").asText());
        assertTrue(latestStatus().get("solo-1").path("running").asBoolean(), latestStatus().toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("'solo-bad'") && p.contains("no frames from solo-bad")), problems.toString());
    }

    @Test
    void untrustedRecordsAreEachOneLineNamingCameraAndKeyAndTheRestRun() throws Exception {
        put("rec-ok", camera("rec-ok", "rtsp://127.0.0.1:9/ok"));
        put("rec-file", camera("rec-file", "/etc/passwd"));
        put("rec-scheme", camera("rec-scheme", "file:///etc/passwd"));
        put("../rec-up", camera("../rec-up", "rtsp://127.0.0.1:9/x"));
        put("rec-zone-name", withZone(camera("rec-zone-name", "rtsp://127.0.0.1:9/z"), "../../etc", square()));
        StringBuilder zones = new StringBuilder("[");
        for (int i = 0; i <= CameraRecords.MAX_ZONES; i++) {
            zones.append(i == 0 ? "" : ",").append("{\"name\":\"z").append(i).append("\",\"points\":").append(square()).append('}');
        }
        put("rec-zones", "{\"name\":\"rec-zones\",\"url\":\"rtsp://127.0.0.1:9/z\",\"zones\":" + zones + "]}");
        put("rec-points", withZone(camera("rec-points", "rtsp://127.0.0.1:9/p"), "door", circle(CameraRecords.MAX_POINTS + 1)));
        // About 900 kB of points in one zone, under the broker's 1 MB: a polygon check quadratic in them would hold the worker for hours.
        put("rec-huge", withZone(camera("rec-huge", "rtsp://127.0.0.1:9/h"), "door", circle(60_000)));
        List<String> problems = new CopyOnWriteArrayList<>();
        ClusterWorker worker = worker("records", "w-records", new Monitors(name -> false, false), problems);
        await("rec-ok running", () -> worker.cameras().contains("rec-ok"));
        Map<String, String> expected = Map.of("rec-file", "url", "rec-scheme", "url", "../rec-up", "key", "rec-zone-name", "zones[0].name",
                "rec-zones", "zones", "rec-points", "zones[0].points", "rec-huge", "bytes");
        await("one problem line for each bad record", () -> expected.keySet().stream()
                .allMatch(name -> problems.stream().anyMatch(p -> p.contains("'" + name + "'"))));
        for (Map.Entry<String, String> bad : expected.entrySet()) {
            List<String> lines = problems.stream().filter(p -> p.contains("'" + bad.getKey() + "' in vigia.cameras")).toList();
            assertEquals(1, lines.size(), bad.getKey() + ": " + problems);
            assertTrue(lines.get(0).contains(bad.getValue()) && !lines.get(0).contains("\n"), lines.get(0));
        }
        assertEquals(List.of("rec-ok"), worker.cameras().stream().filter(c -> c.startsWith("rec")).toList());
    }

    @Test
    void aWorkerAllowedLocalSourcesRunsAFileAndOneBeyondItsCameraLimitIsLeftOut() throws Exception {
        put("local-1", camera("local-1", "/videos/gate.mp4"));
        put("local-2", camera("local-2", "rtsp://127.0.0.1:9/l2"));
        List<String> problems = new CopyOnWriteArrayList<>();
        ClusterWorker worker = new ClusterWorker(KafkaConnection.to(broker.bootstrap()),
                new ClusterWorker.Settings("local", "w-local", Duration.ofSeconds(6), 1, true), new Monitors(name -> false, false),
                problems::add);
        workers.add(worker);
        worker.start();
        await("local-1 running", () -> worker.cameras().contains("local-1"));
        await("local-2 left out with its reason", () -> problems.stream().anyMatch(p -> p.contains("'local-2'") && p.contains("at most 1")));
        assertEquals(List.of("local-1"), worker.cameras());
    }

    private ClusterWorker worker(String group, String id, Monitors monitors, List<String> problems) {
        ClusterWorker worker = ClusterWorker.builder(KafkaConnection.to(broker.bootstrap())).group(group).workerId(id)
                .sessionTimeout(Duration.ofSeconds(6)).monitors(monitors).problems(problems::add).build();
        workers.add(worker);
        worker.start();
        return worker;
    }

    private void put(String name, String json) {
        written.add(name);
        catalog.put(Map.of(name, json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String camera(String name, String url) {
        return JSON.createObjectNode().put("name", name).put("url", url).toString();
    }

    private static String withZone(String camera, String zone, String points) {
        return camera.substring(0, camera.length() - 1) + ",\"zones\":[{\"name\":\"" + zone + "\",\"points\":" + points + "}]}";
    }

    private static String square() {
        return "[[0.1,0.1],[0.9,0.1],[0.9,0.9],[0.1,0.9]]";
    }

    /** A convex polygon of {@code count} points, valid but for its size. */
    private static String circle(int count) {
        StringBuilder points = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            double angle = 2 * Math.PI * i / count;
            points.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "[%.2f,%.2f]",
                    1000 + 900 * Math.cos(angle), 1000 + 900 * Math.sin(angle)));
        }
        return points.append(']').toString();
    }

    /** The line crossings of {@code camera} on vigia.events, in the order they were sent. */
    private static List<JsonNode> crossings(String camera) {
        List<JsonNode> crossings = new ArrayList<>();
        broker.readAll(ClusterTopics.EVENTS).forEach(record -> {
            try {
                JsonNode event = JSON.readTree(record.value());
                if (camera.equals(record.key()) && "line_crossed".equals(event.path("reason").asText())) {
                    crossings.add(event);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        return crossings;
    }

    private static Map<String, JsonNode> latestStatus() {
        Map<String, JsonNode> latest = new HashMap<>();
        broker.readAll(ClusterTopics.STATUS).forEach(record -> {
            try {
                JsonNode status = JSON.readTree(record.value());
                JsonNode before = latest.get(status.path("camera").asText());
                if (before == null || before.path("time").asDouble() <= status.path("time").asDouble()) {
                    latest.put(status.path("camera").asText(), status);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        return latest;
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Monitors that check their cameras' config as the real one does, then run nothing: a camera
     * {@code cannotStart} names fails as an unreachable source would; with {@code stopThrows}, every
     * stop throws after it is counted.
     */
    private static final class Monitors implements ClusterWorker.Monitors {
        private final Predicate<String> cannotStart;
        private final boolean stopThrows;
        private final List<List<String>> starts = new CopyOnWriteArrayList<>();
        private volatile int stops;

        Monitors(Predicate<String> cannotStart, boolean stopThrows) {
            this.cannotStart = cannotStart;
            this.stopThrows = stopThrows;
        }

        @Override
        public ClusterWorker.Running start(List<MonitorConfig.Camera> cameras) {
            MonitorSetup.of(dir.resolve("shared.yaml"), MonitorConfig.empty().withCameras(cameras), LABELS);
            List<String> names = cameras.stream().map(MonitorConfig.Camera::name).toList();
            names.stream().filter(cannotStart).findFirst().ifPresent(name -> {
                throw new IllegalStateException("no frames from " + name);
            });
            starts.add(names);
            return () -> {
                stops++;
                if (stopThrows) {
                    throw new IllegalStateException("the monitor did not stop cleanly");
                }
            };
        }

        int starts(String camera) {
            return (int) starts.stream().filter(list -> list.contains(camera)).count();
        }

        int stops() {
            return stops;
        }
    }
}
