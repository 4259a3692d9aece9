package dev.vigia.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CountAggregate} in this JVM against a real broker: events whose time nobody can vouch
 * for do not switch counting off, and a query's windows are bounded. Both tests read the whole
 * of {@code vigia.events}, so each looks only at its own camera.
 */
class CountAggregateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.start(dir);
        try (Admin admin = ClusterTopics.connect(KafkaConnection.to(broker.bootstrap()), Duration.ofSeconds(60))) {
            ClusterTopics.ensure(admin, ClusterTopics.DEFAULT_PARTITIONS);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void anEventFromTheFutureIsDroppedAndLaterEventsAreStillCounted() throws Exception {
        double now = System.currentTimeMillis() / 1000.0;
        try (CountAggregate aggregate = aggregate("future", Duration.ofSeconds(30))) {
            send(crossing("cam-future", "door", 1, now - 10), crossing("cam-future", "door", 2, now + 86_400),
                    crossing("cam-future", "door", 3, now - 5));
            // The event a day ahead would have moved stream time a day on and closed the windows of the third.
            await("both honest crossings counted", () -> total(aggregate, "cam-future") == 2);
            assertEquals(1, aggregate.untrustedTimes());
            for (JsonNode window : aggregate.query("tumbling")) {
                if (window.path("camera").asText().equals("cam-future")) {
                    assertTrue(java.time.Instant.parse(window.path("window_start").asText()).getEpochSecond() < now + 60, window.toString());
                }
            }
        }
    }

    @Test
    void aQueryReturnsTheNewestWindowsUpToItsLimit() throws Exception {
        double now = System.currentTimeMillis() / 1000.0;
        int lines = CountAggregate.MAX_VIEW_WINDOWS + 20;
        String[] events = new String[lines + 1];
        for (int i = 0; i < lines; i++) {
            events[i] = crossing("cam-many", "line-" + i, i, now - 600);
        }
        events[lines] = crossing("cam-many", "newest", lines, now - 5);
        try (CountAggregate aggregate = aggregate("many", Duration.ofHours(1))) {
            send(events);
            await("the newest window counted", () -> aggregate.query("tumbling").findValuesAsText("name").contains("newest"));
            await("every window counted",
                    () -> aggregate.query("tumbling").size() == CountAggregate.MAX_VIEW_WINDOWS);
            assertEquals(CountAggregate.MAX_VIEW_WINDOWS, aggregate.query("tumbling").size());
        }
    }

    private static CountAggregate aggregate(String id, Duration grace) throws InterruptedException {
        CountAggregate aggregate = new CountAggregate(KafkaConnection.to(broker.bootstrap()), "test-" + id,
                new CountAggregate.Windows(Duration.ofMinutes(1), Duration.ofSeconds(15), grace), dir.resolve("state-" + id));
        aggregate.start();
        await("the aggregate running", () -> aggregate.state() == KafkaStreams.State.RUNNING);
        return aggregate;
    }

    private static long total(CountAggregate aggregate, String camera) {
        try {
            long sum = 0;
            for (JsonNode window : aggregate.query("tumbling")) {
                if (window.path("camera").asText().equals(camera)) {
                    sum += window.path("count").asLong();
                }
            }
            return sum;
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            return -1;
        }
    }

    private static String crossing(String camera, String line, int id, double time) {
        return JSON.createObjectNode().put("camera", camera).put("reason", "line_crossed").put("line", line).put("label", "person")
                .put("direction", "in").put("id", id).put("type", "line").put("time", time).toString();
    }

    private static void send(String... events) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (String event : events) {
                producer.send(new ProducerRecord<>(ClusterTopics.EVENTS, JSON.readTree(event).path("camera").asText(), event));
            }
            producer.flush();
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 90 s: " + what);
            }
            Thread.sleep(300);
        }
    }
}
