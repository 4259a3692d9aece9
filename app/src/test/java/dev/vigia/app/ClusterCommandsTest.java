package dev.vigia.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.cluster.ClusterTopics;
import dev.vigia.cluster.KafkaTestBroker;
import dev.vigia.samples.SampleMedia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cameras spread over {@code vigia monitor --kafka} workers by a real Kafka broker (KRaft, a child
 * JVM): the group gives each camera to exactly one worker; a worker killed with SIGKILL loses its
 * cameras to the survivor; an added camera starts, a removed one stops; a malformed record is one
 * line naming its key and the others run.
 */
class ClusterCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static KafkaTestBroker broker;
    private static final List<Process> workers = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.start(dir);
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (Process worker : workers) {
            worker.destroyForcibly().waitFor();
        }
        broker.close();
    }

    @Test
    void anUnreachableBrokerIsOneLineAfterTheRetries() throws Exception {
        CliRun list = CliRun.inChild("cameras", "list", "--kafka", "127.0.0.1:1", "--kafka-timeout", "3s");
        assertTrue(list.isOneLineUserError(), list.err());
        assertTrue(list.err().contains("No Kafka broker answers at 127.0.0.1:1 (tried for 3 s)"), list.err());
    }

    @Test
    void camerasMoveBetweenWorkersAndEachRunsOnOne() throws Exception {
        // Names whose partitions fall in both halves of the 12, so that each of two workers gets some.
        List<String> names = namesInBothHalves(3);
        String vtest = SampleMedia.standard().file("vtest.avi").toString();
        StringBuilder yaml = new StringBuilder("cameras:\n");
        for (String name : names) {
            yaml.append("  - name: ").append(name).append("\n    url: ").append(vtest).append("\n    detect_fps: 1\n");
        }
        Path cameras = Files.writeString(dir.resolve("cameras.yaml"), yaml);
        CliRun add = CliRun.inChild("cameras", "add", "--kafka", broker.bootstrap(), "--config", cameras.toString());
        assertEquals(0, add.exitCode(), add.err());
        CliRun list = CliRun.inChild("cameras", "list", "--kafka", broker.bootstrap());
        assertEquals(names.size(), list.out().strip().lines().count(), list.out());
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(ClusterTopics.CAMERAS, "broken", "{\"name\": \"broken\", \"urll\": \"x\"}")).get();
        }

        Process first = worker("w1");
        await("every camera on w1", Duration.ofSeconds(120), () -> runningOn(names).values().stream().allMatch("w1"::equals)
                && runningOn(names).size() == names.size());
        Process second = worker("w2");
        await("the cameras shared by w1 and w2", Duration.ofSeconds(120), () -> {
            Map<String, String> on = runningOn(names);
            return on.size() == names.size() && on.containsValue("w1") && on.containsValue("w2");
        });
        assertNoCameraOnTwoWorkers(names);

        long killed = System.nanoTime();
        first.destroyForcibly().waitFor();
        await("every camera on w2 after w1 was killed", Duration.ofSeconds(120),
                () -> runningOn(names).size() == names.size() && runningOn(names).values().stream().allMatch("w2"::equals));
        // A figure for the reader, not a check: the session timeout (6 s) plus the restart of w2's monitor.
        System.out.printf(java.util.Locale.ROOT, "cluster: w1 killed with SIGKILL, all %d cameras running on w2 after %.1f s%n",
                names.size(), (System.nanoTime() - killed) / 1e9);

        Path late = Files.writeString(dir.resolve("late.yaml"), "cameras:\n  - name: late\n    url: " + vtest + "\n    detect_fps: 1\n");
        CliRun addLate = CliRun.inChild("cameras", "add", "--kafka", broker.bootstrap(), "--config", late.toString());
        assertEquals(0, addLate.exitCode(), addLate.err());
        await("the added camera started on the survivor", Duration.ofSeconds(60),
                () -> "w2".equals(runningOn(List.of("late")).get("late")));

        CliRun remove = CliRun.inChild("cameras", "remove", "--kafka", broker.bootstrap(), names.get(0));
        assertEquals(0, remove.exitCode(), remove.err());
        await("the removed camera stopped", Duration.ofSeconds(60), () -> !runningOn(names).containsKey(names.get(0)));
        second.destroy();
        second.waitFor();
        String log = Files.readString(dir.resolve("w1.err"), StandardCharsets.UTF_8);
        assertTrue(log.contains("record 'broken' in vigia.cameras") && log.contains("urll"), log);
        assertTrue(eventKeys().stream().anyMatch(names::contains), "object events on " + ClusterTopics.EVENTS + " keyed by camera");
    }

    private static Process worker(String id) throws Exception {
        Path shared = Files.writeString(dir.resolve(id + ".yaml"), "events: {dir: events-" + id + "}\n");
        Process process = CliRun.childProcess("monitor", "--kafka", broker.bootstrap(), "--group", "test", "--worker-id", id,
                "--no-dashboard", "--config", shared.toString(), "--session-timeout", "6s")
                .redirectOutput(dir.resolve(id + ".out").toFile()).redirectError(dir.resolve(id + ".err").toFile()).start();
        workers.add(process);
        return process;
    }

    /** The worker each camera runs on now, from the latest record per camera in vigia.status (running ones only). */
    private static Map<String, String> runningOn(List<String> names) {
        Map<String, String> on = new HashMap<>();
        for (JsonNode status : latestStatus().values()) {
            if (status.path("running").asBoolean() && names.contains(status.path("camera").asText())) {
                on.put(status.path("camera").asText(), status.path("worker").asText());
            }
        }
        return on;
    }

    /** At every point of the status log, no camera was running on two workers at once. */
    private static void assertNoCameraOnTwoWorkers(List<String> names) {
        Map<String, Set<String>> runningNow = new HashMap<>();
        for (JsonNode status : statusLog()) {
            String camera = status.path("camera").asText();
            Set<String> on = runningNow.computeIfAbsent(camera, c -> new java.util.HashSet<>());
            if (status.path("running").asBoolean()) {
                on.add(status.path("worker").asText());
            } else {
                on.remove(status.path("worker").asText());
            }
            assertTrue(on.size() <= 1, camera + " ran on " + on + " at once");
        }
    }

    private static Map<String, JsonNode> latestStatus() {
        Map<String, JsonNode> latest = new HashMap<>();
        for (JsonNode status : statusLog()) {
            latest.put(status.path("camera").asText(), status);
        }
        return latest;
    }

    private static List<JsonNode> statusLog() {
        List<JsonNode> log = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(ClusterTopics.STATUS)) {
            try {
                log.add(JSON.readTree(record.value()));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        log.sort(java.util.Comparator.comparingDouble(s -> s.path("time").asDouble()));
        return log;
    }

    private static List<String> eventKeys() {
        return readAll(ClusterTopics.EVENTS).stream().map(ConsumerRecord::key).toList();
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** Camera names, some hashed (as Kafka's default partitioner does) into partitions 0..5 and some into 6..11. */
    private static List<String> namesInBothHalves(int count) {
        List<String> low = new ArrayList<>();
        List<String> high = new ArrayList<>();
        for (int i = 0; low.size() + high.size() < 2 * count; i++) {
            String name = "cam" + i;
            int partition = Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % ClusterTopics.DEFAULT_PARTITIONS;
            (partition < 6 ? low : high).add(name);
            if (low.size() >= count - 1 && !high.isEmpty()) {
                break;
            }
        }
        List<String> names = new ArrayList<>(low.subList(0, Math.min(low.size(), count - 1)));
        names.add(high.get(0));
        return names;
    }

    private static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(500);
        }
    }
}
