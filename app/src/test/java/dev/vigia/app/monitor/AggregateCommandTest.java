package dev.vigia.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.app.Await;
import dev.vigia.app.CliRun;
import dev.vigia.cluster.ClusterTopics;
import dev.vigia.cluster.KafkaTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigia aggregate} against a real broker: a fixed replay of line-crossing and zone events,
 * with the Streams application killed (SIGKILL) and restarted on fresh local state half-way,
 * gives per camera, line or zone, class and direction exactly the totals of the replay itself —
 * nothing lost, nothing counted twice — in tumbling windows and (three times over) in hopping ones;
 * an event later than the grace is left out, one within it is counted.
 */
class AggregateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-01-01T00:00:00Z: the replay's first event, on a window boundary. */
    private static final double START = 1767225600;

    @TempDir
    static Path dir;

    private static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.start(dir);
    }

    @AfterAll
    static void stopAll() throws Exception {
        broker.close();
    }

    @Test
    void countsAreExactlyTheReplaysAcrossAKilledAndRestartedAggregate() throws Exception {
        List<ObjectNode> replay = replay(400);
        Map<String, Long> expected = new HashMap<>();
        for (ObjectNode event : replay) {
            expected.merge(countKey(event), 1L, Long::sum);
        }
        Process first = aggregate("state-1", "first");
        awaitRunning("first");
        send(replay.subList(0, 200));
        Await.until("counts from the first half", Duration.ofSeconds(120), () -> !latestCounts().isEmpty());
        first.destroyForcibly().waitFor();

        aggregate("state-2", "second");
        int port = awaitRunning("second");
        send(replay.subList(200, replay.size()));
        // Within the grace (2 min) of the latest event: counted. Ten minutes late: left out.
        ObjectNode lateButInGrace = event("cam-a", "line", "door", "person", "in", START + 790);
        ObjectNode tooLate = event("cam-a", "line", "door", "person", "in", START + 5);
        send(List.of(lateButInGrace, tooLate));
        expected.merge(countKey(lateButInGrace), 1L, Long::sum);

        Await.until("the totals of the replay in tumbling windows", Duration.ofSeconds(120), () -> expected.equals(totals("tumbling", 1)));
        Map<String, Long> hopping = totals("hopping", 3);
        assertEquals(expected, hopping, "each event in three hopping windows of 1 min every 20 s");

        HttpResponse<String> query = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/counts?windowing=tumbling&camera=cam-b")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, query.statusCode(), query.body());
        JsonNode windows = JSON.readTree(query.body());
        Map<String, JsonNode> committed = latestCounts();
        boolean latestWindowServed = false;
        for (JsonNode window : windows) {
            assertEquals("cam-b", window.get("camera").asText());
            String key = String.join("|", "tumbling", "cam-b", window.get("kind").asText(), window.get("name").asText(),
                    window.get("label").asText(), window.get("direction").asText(),
                    String.valueOf(java.time.Instant.parse(window.get("window_start").asText()).toEpochMilli()));
            assertEquals(committed.get(key).get("count").asLong(), window.get("count").asLong(), "the query's count of " + key);
            latestWindowServed |= window.get("window_start").asText().equals("2026-01-01T00:13:00Z");
        }
        assertTrue(latestWindowServed, "the query serves the window still open: " + windows);
    }

    /** Crossings and zone entries of two cameras, one every 2 s of event time from START, seeded. */
    private static List<ObjectNode> replay(int count) {
        Random random = new Random(15);
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String camera = random.nextBoolean() ? "cam-a" : "cam-b";
            String label = random.nextInt(4) == 0 ? "car" : "person";
            double time = START + i * 2;
            events.add(random.nextInt(3) == 0 ? event(camera, "zone", "yard", label, "entered", time)
                    : event(camera, "line", "door", label, random.nextBoolean() ? "in" : "out", time));
        }
        return events;
    }

    private static ObjectNode event(String camera, String kind, String name, String label, String direction, double time) {
        ObjectNode event = JSON.createObjectNode().put("type", "update").put("camera", camera).put("label", label).put("time", time);
        if (kind.equals("line")) {
            event.put("reason", "line_crossed").put("line", name).put("direction", direction);
        } else {
            event.put("reason", "zone_entered").put("zone", name);
        }
        return event;
    }

    private static String countKey(JsonNode event) {
        boolean line = event.path("reason").asText().equals("line_crossed");
        return String.join("|", event.path("camera").asText(), line ? "line" : "zone", line ? event.path("line").asText()
                : event.path("zone").asText(), event.path("label").asText(), line ? event.path("direction").asText() : "entered");
    }

    private static void send(List<ObjectNode> events) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (ObjectNode event : events) {
                producer.send(new ProducerRecord<>(ClusterTopics.EVENTS, event.get("camera").asText(), event.toString())).get();
            }
        }
    }

    private static Process aggregate(String state, String name) throws Exception {
        Process process = CliRun.childProcess("aggregate", "--kafka", broker.bootstrap(), "--window", "1m", "--hop", "20s",
                "--grace", "2m", "--port", "0", "--state-dir", dir.resolve(state).toString())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile()).start();
        broker.owns(process);
        return process;
    }

    /** The query port, once the application says it counts and its query answers. */
    private static int awaitRunning(String name) throws Exception {
        Pattern port = Pattern.compile("127\\.0\\.0\\.1:(\\d+)/api/counts");
        int[] found = {-1};
        Await.until(name + " aggregate answering", Duration.ofSeconds(120), () -> {
            try {
                Matcher m = port.matcher(Files.readString(dir.resolve(name + ".out")));
                if (!m.find()) {
                    return false;
                }
                found[0] = Integer.parseInt(m.group(1));
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + found[0]
                        + "/api/counts")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        return found[0];
    }

    /** Per count key, the sum of the latest committed count of each window of {@code windowing}, divided by the windows an event is in. */
    private static Map<String, Long> totals(String windowing, int windowsPerEvent) {
        Map<String, Long> totals = new HashMap<>();
        latestCounts().forEach((window, value) -> {
            if (value.path("windowing").asText().equals(windowing)) {
                String key = String.join("|", value.path("camera").asText(), value.path("kind").asText(), value.path("name").asText(),
                        value.path("label").asText(), value.path("direction").asText());
                totals.merge(key, value.path("count").asLong(), Long::sum);
            }
        });
        totals.replaceAll((k, v) -> v % windowsPerEvent == 0 ? v / windowsPerEvent : -v);
        return totals;
    }

    /** The last committed record of each window in vigia.counts. */
    private static Map<String, JsonNode> latestCounts() {
        Map<String, JsonNode> latest = new HashMap<>();
        for (var record : broker.readAll(ClusterTopics.COUNTS)) {
            try {
                latest.put(record.key(), JSON.readTree(record.value()));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return latest;
    }
}
