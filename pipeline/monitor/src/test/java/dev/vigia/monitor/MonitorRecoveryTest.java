package dev.vigia.monitor;

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
import dev.vigia.pipeline.StageFactory;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
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

/**
 * A monitor that never gives up: vtest.avi served by the GStreamer RTSP server, Debian's mosquitto
 * down when the monitor starts, brought up, killed and brought back on the same port while the
 * monitor runs, and a stage of the camera's that throws on every frame for a while (a fault
 * injected by the test, then cleared: the one part that is not real, because a real lasting stage
 * fault cannot be switched on and off). The monitor runs once for the class; the tests go in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FAULT = "lens covered (fault injected by the test)";

    @TempDir
    static Path dir;

    private static volatile boolean lensCovered;
    private static RtspTestServer street;
    private static int brokerPort;
    private static MosquittoBroker broker;
    private static MqttClient subscriber;
    private static final Map<String, String> retained = new ConcurrentHashMap<>();
    private static final Set<String> mqttEvents = ConcurrentHashMap.newKeySet();
    private static DetectorModel model;
    private static Monitor monitor;

    /** Throws on every frame while the test says the lens is covered. */
    private static final class LensStage implements Stage {
        @Override
        public String name() {
            return "lens";
        }

        @Override
        public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
            if (lensCovered) {
                throw new IllegalStateException(FAULT);
            }
        }
    }

    @BeforeAll
    static void startMonitorWithTheBrokerDown() throws Exception {
        assumeTrue(RtspTestServer.available(), "Debian's python3-gi and gir1.2-gst-rtsp-server-1.0 are missing; .ci/run installs them");
        assumeTrue(MosquittoBroker.available(), "Debian's mosquitto is missing; .ci/run installs it");
        street = new RtspTestServer(SampleMedia.standard().file("vtest.avi"), Files.createDirectories(dir.resolve("street")));
        street.start();
        brokerPort = MosquittoBroker.freePort();
        Path config = dir.resolve("cameras.yaml");
        Files.writeString(config, """
                cameras:
                  - name: street
                    url: %s
                    detect_fps: 5
                    filters: {classes: [person], min_score: 0.35}
                mqtt: {host: 127.0.0.1, port: %d, topic_prefix: vigia}
                events: {dir: events}
                watchdog: 5
                """.formatted(street.url(), brokerPort));
        model = Detectors.load(ModelStore.standard(), "nanodet", new DetectorOptions(0.1f, DeviceChoice.CPU));
        MonitorSetup setup = MonitorSetup.load(config, model.labels());
        monitor = Monitor.start(setup, model,
                Vigia.engine().tracker("bytetrack").afterTracking(StageFactory.of("lens", (name, info) -> new LensStage())),
                new Monitor.Web(true, "127.0.0.1", 0, null), problem -> {
                    throw new AssertionError(problem.getMessage());
                });
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
        if (model != null) {
            model.close();
        }
        disconnectSubscriber();
        for (AutoCloseable part : new AutoCloseable[] {street, broker}) {
            if (part != null) {
                part.close();
            }
        }
    }

    private static void startBrokerAndSubscribe() throws Exception {
        broker = new MosquittoBroker(Files.createDirectories(dir.resolve("broker-" + System.nanoTime())), brokerPort);
        subscriber = new MqttClient("tcp://127.0.0.1:" + brokerPort, "test-subscriber", new MemoryPersistence());
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
    }

    private static void disconnectSubscriber() throws Exception {
        if (subscriber != null) {
            if (subscriber.isConnected()) {
                subscriber.disconnectForcibly(1000);
            }
            subscriber.close(true);
            subscriber = null;
        }
    }

    private static List<String> loggedLines() {
        try {
            return Files.readAllLines(dir.resolve("events/events.jsonl"));
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static JsonNode health() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + "/api/cameras"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get(0).get("health");
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

    private static BooleanSupplier healthSays(java.util.function.Predicate<JsonNode> test) {
        return () -> {
            try {
                return test.test(health());
            } catch (Exception e) {
                return false;
            }
        };
    }

    @Test
    @Order(1)
    void eventsReachTheLogWhileTheBrokerIsDownAndMqttCatchesUpWhenItComes() throws Exception {
        await("events in events.jsonl with the broker down", Duration.ofSeconds(60), () -> loggedLines().size() >= 3);
        List<String> beforeBroker = loggedLines();
        startBrokerAndSubscribe();
        await("the camera's status on MQTT", Duration.ofSeconds(45), () -> "online".equals(retained.get("vigia/street/status")));
        await("the events logged before the broker came up, on MQTT", Duration.ofSeconds(15),
                () -> mqttEvents.containsAll(beforeBroker));
        assertEquals("online", retained.get("vigia/available"));
    }

    @Test
    @Order(2)
    void aStageThatKeepsFailingStopsTheCameraWhichIsStartedAgainAndSaysWhy() throws Exception {
        long framesBefore = health().get("frames").asLong();
        lensCovered = true;
        await("the camera offline on MQTT", Duration.ofSeconds(60), () -> "offline".equals(retained.get("vigia/street/status")));
        String why = retained.get("vigia/street/error");
        assertTrue(why != null && why.matches("stage 'lens' failed on (\\d+) of \\1 frames; last error: IllegalStateException: "
                + java.util.regex.Pattern.quote(FAULT)), "why, in one line, counted since the camera was last started: " + why);
        await("the reason in the health", Duration.ofSeconds(10), healthSays(h -> h.path("last_error").asText().contains(FAULT)));
        assertTrue(health().get("restarts").asLong() >= 1, "started again while the fault lasted: " + health());
        lensCovered = false;
        await("the camera online again on MQTT", Duration.ofSeconds(60), () -> "online".equals(retained.get("vigia/street/status")));
        await("frames and health back", Duration.ofSeconds(15), healthSays(h -> h.get("connected").asBoolean()
                && !h.get("restarting").asBoolean() && h.get("frames").asLong() > framesBefore + 20));
        assertTrue(health().path("last_error").asText().contains(FAULT), "the last error stays for the record: " + health());
    }

    @Test
    @Order(3)
    void eventsGoOnWhileTheBrokerIsRestartedAndMqttCatchesUp() throws Exception {
        disconnectSubscriber();
        broker.close();
        retained.clear();
        int logged = loggedLines().size();
        await("events logged while the broker is down", Duration.ofSeconds(60), () -> loggedLines().size() >= logged + 2);
        List<String> duringOutage = loggedLines().subList(logged, loggedLines().size());
        startBrokerAndSubscribe();
        // The restarted broker kept nothing: the monitor publishes its retained state again on reconnecting.
        await("the status published again", Duration.ofSeconds(45), () -> "online".equals(retained.get("vigia/street/status")));
        await("the events logged during the outage, on MQTT", Duration.ofSeconds(15), () -> mqttEvents.containsAll(duringOutage));
        for (String line : loggedLines()) {
            JSON.readTree(line); // every line is whole JSON
        }
    }

    @Test
    @Order(4)
    void closingTheMonitorLeavesEveryCameraExactlyOffline() throws Exception {
        assertEquals("online", retained.get("vigia/street/status"));
        monitor.close();
        await("the retained status offline", Duration.ofSeconds(10), () -> "offline".equals(retained.get("vigia/street/status")));
        await("the monitor unavailable", Duration.ofSeconds(10), () -> "offline".equals(retained.get("vigia/available")));
        assertFalse(retained.get("vigia/street/status").isEmpty());
    }
}
