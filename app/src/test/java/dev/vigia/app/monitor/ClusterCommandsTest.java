package dev.vigia.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.Await;
import dev.vigia.app.CliRun;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six cameras spread over three {@code vigia monitor --kafka} worker processes by a real Kafka
 * broker (KRaft, a child JVM): the group gives each camera to exactly one worker; a worker killed
 * with SIGKILL loses its cameras to the survivors; an added camera starts, a removed one stops; a malformed record is one
 * line naming its key and the others run.
 */
class ClusterCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void anUnreachableBrokerIsOneLineAfterTheRetries() throws Exception {
        CliRun list = CliRun.inChild("cameras", "list", "--kafka", "127.0.0.1:1", "--kafka-timeout", "3s");
        assertTrue(list.isOneLineUserError(), list.err());
        assertTrue(list.err().contains("No Kafka broker answers at 127.0.0.1:1 (tried for 3 s)"), list.err());
    }

    @Test
    void aWorkerServingItsDashboardBeyondLoopbackWithoutATokenIsRefusedBeforeItJoins() throws Exception {
        // No broker answers at 127.0.0.1:1: a worker that tried to join first would say so after 20 s instead.
        ProcessBuilder builder = CliRun.childProcess("monitor", "--kafka", "127.0.0.1:1", "--kafka-timeout", "20s", "--host", "0.0.0.0");
        builder.environment().remove("VIGIA_TOKEN");
        Path out = dir.resolve("unsafe.out");
        Path err = dir.resolve("unsafe.err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "the worker did not exit");
        CliRun run = new CliRun(process.exitValue(), Files.readString(out), Files.readString(err));
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("token") && !run.err().contains("Kafka"), run.err());
    }

    @Test
    void aWorkerLimitBelowOneIsOneLineBeforeAnyBrokerIsAsked() {
        // No broker answers at 127.0.0.1:1: a check made after connecting would say that instead.
        CliRun run = CliRun.of("monitor", "--kafka", "127.0.0.1:1", "--kafka-timeout", "20s", "--max-cameras", "0", "--no-dashboard");
        assertTrue(run.isOneLineUserError(), run.err());
        assertEquals("vigia: A worker runs 1 camera or more, not 0; set --max-cameras", run.err().strip());
    }

    @Test
    void aMissingKafkaClientConfigIsOneLine() throws Exception {
        CliRun list = CliRun.inChild("cameras", "list", "--kafka", "127.0.0.1:1", "--kafka-config", dir.resolve("nope.properties").toString());
        assertTrue(list.isOneLineUserError(), list.err());
        assertTrue(list.err().contains("--kafka-config") && list.err().contains("nope.properties"), list.err());
    }

    /**
     * The cluster on a broker whose client listener requires SASL/PLAIN: {@code cameras add}, a
     * worker and the aggregate, each given the user's client properties with {@code --kafka-config},
     * carry a camera's events to counts in vigia.counts; a client without them, or with a wrong
     * password, is one line.
     */
    @Test
    void theClusterRunsOnABrokerThatRequiresSaslPlain() throws Exception {
        Path saslDir = Files.createDirectories(dir.resolve("sasl"));
        try (KafkaTestBroker sasl = KafkaTestBroker.startWithSasl(saslDir)) {
            Path client = writeProperties(saslDir.resolve("client.properties"), sasl.clientSettings());
            Path wrong = writeProperties(saslDir.resolve("wrong.properties"), KafkaTestBroker.saslClientSettings("not-the-password"));
            CliRun withoutConfig = CliRun.inChild("cameras", "list", "--kafka", sasl.bootstrap(), "--kafka-timeout", "5s");
            assertTrue(withoutConfig.isOneLineUserError(), withoutConfig.err());
            CliRun wrongPassword = CliRun.inChild("cameras", "list", "--kafka", sasl.bootstrap(), "--kafka-config", wrong.toString(),
                    "--kafka-timeout", "20s");
            assertTrue(wrongPassword.isOneLineUserError() && wrongPassword.err().contains("refused this client"), wrongPassword.err());

            String vtest = SampleMedia.standard().file("vtest.avi").toString();
            Path config = Files.writeString(saslDir.resolve("street.yaml"), """
                    detector: nanodet
                    cameras:
                      - name: street
                        url: %s
                        mode: file
                        start_time: "2026-01-01T08:00:00Z"
                        detect_fps: 5
                        filters: {classes: [person], min_score: 0.35}
                        zones:
                          - name: crossing
                            points: [[260, 190], [520, 190], [560, 330], [230, 330]]
                        lines:
                          - name: middle
                            points: [[400, 420], [400, 120]]
                    events: {dir: sasl-events}
                    """.formatted(vtest));
            CliRun add = CliRun.inChild("cameras", "add", "--kafka", sasl.bootstrap(), "--kafka-config", client.toString(),
                    "--config", config.toString());
            assertEquals(0, add.exitCode(), add.err());
            sasl.owns(CliRun.childProcess("aggregate", "--kafka", sasl.bootstrap(), "--kafka-config", client.toString(), "--window", "10s",
                    "--hop", "5s", "--grace", "2m", "--port", "0", "--state-dir", saslDir.resolve("state").toString())
                    .redirectOutput(saslDir.resolve("aggregate.out").toFile()).redirectError(saslDir.resolve("aggregate.err").toFile()).start());
            sasl.owns(CliRun.childProcess("monitor", "--kafka", sasl.bootstrap(), "--kafka-config", client.toString(), "--group", "sasl",
                    "--worker-id", "ws", "--no-dashboard", "--allow-local-sources", "--config", config.toString())
                    .redirectOutput(saslDir.resolve("ws.out").toFile()).redirectError(saslDir.resolve("ws.err").toFile()).start());
            Await.until("counts of street's events in " + ClusterTopics.COUNTS, Duration.ofSeconds(300),
                    () -> sasl.readAll(ClusterTopics.COUNTS).stream().anyMatch(r -> r.value().contains("\"camera\":\"street\"")));
            assertTrue(sasl.readAll(ClusterTopics.STATUS).stream().anyMatch(r -> r.value().contains("\"worker\":\"ws\"")
                    && r.value().contains("\"running\":true")), "the worker's status on " + ClusterTopics.STATUS);
        }
    }

    private static Path writeProperties(Path file, Properties properties) throws java.io.IOException {
        try (java.io.Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "Kafka client settings");
        }
        return file;
    }

    @Test
    void camerasMoveBetweenWorkersAndEachRunsOnOne() throws Exception {
        // Six names, two in each third of the 12 partitions, so that each of three workers gets some.
        List<String> names = namesInThirds(2);
        String vtest = SampleMedia.standard().file("vtest.avi").toString();
        StringBuilder yaml = new StringBuilder("cameras:\n");
        for (String name : names) {
            yaml.append("  - name: ").append(name).append("\n    url: ").append(vtest).append("\n    detect_fps: 0.5\n    fps_cap: 2\n");
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
        Await.until("every camera on w1", Duration.ofSeconds(120), () -> runningOn(names).values().stream().allMatch("w1"::equals)
                && runningOn(names).size() == names.size());
        worker("w2");
        worker("w3");
        Await.until("the cameras shared by w1, w2 and w3", Duration.ofSeconds(180), () -> {
            Map<String, String> on = runningOn(names);
            return on.size() == names.size() && on.containsValue("w1") && on.containsValue("w2") && on.containsValue("w3");
        });
        assertNoCameraOnTwoWorkers(Set.of());

        long killed = System.nanoTime();
        first.destroyForcibly().waitFor();
        Await.until("every camera on w2 or w3 after w1 was killed", Duration.ofSeconds(120),
                () -> runningOn(names).size() == names.size() && !runningOn(names).containsValue("w1"));
        // A figure for the reader, not a check: the session timeout (6 s) plus the restart of the survivors' monitors.
        System.out.printf(java.util.Locale.ROOT, "cluster: w1 killed with SIGKILL, all %d cameras running on w2 and w3 after %.1f s%n",
                names.size(), (System.nanoTime() - killed) / 1e9);
        // A worker killed with SIGKILL says nothing more; among the living, still one worker per camera.
        assertNoCameraOnTwoWorkers(Set.of("w1"));

        Path late = Files.writeString(dir.resolve("late.yaml"), "cameras:\n  - name: late\n    url: " + vtest + "\n    detect_fps: 1\n");
        CliRun addLate = CliRun.inChild("cameras", "add", "--kafka", broker.bootstrap(), "--config", late.toString());
        assertEquals(0, addLate.exitCode(), addLate.err());
        Await.until("the added camera started on a survivor", Duration.ofSeconds(60),
                () -> Set.of("w2", "w3").contains(runningOn(List.of("late")).getOrDefault("late", "none")));

        CliRun remove = CliRun.inChild("cameras", "remove", "--kafka", broker.bootstrap(), names.get(0));
        assertEquals(0, remove.exitCode(), remove.err());
        Await.until("the removed camera stopped", Duration.ofSeconds(60), () -> !runningOn(names).containsKey(names.get(0)));
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(ClusterTopics.CAMERAS, "gate", "{\"name\": \"gate\", \"url\": "
                    + "\"rtsp://admin:s3c@ret/w0rd@127.0.0.1:9/gate?token=t0ken\"}")).get();
        }
        // A password holding '@' and '/', and a token in the query: all hidden (Redaction's rule).
        CliRun listed = CliRun.inChild("cameras", "list", "--kafka", broker.bootstrap());
        assertTrue(listed.out().contains("gate\trtsp://admin:***@127.0.0.1:9/gate?token=***") && !listed.out().contains("s3c")
                && !listed.out().contains("w0rd") && !listed.out().contains("t0ken"), listed.out());
        String log = Files.readString(dir.resolve("w1.err"), StandardCharsets.UTF_8);
        assertTrue(log.contains("record 'broken' in vigia.cameras") && log.contains("urll"), log);
        assertTrue(eventKeys().stream().anyMatch(names::contains), "object events on " + ClusterTopics.EVENTS + " keyed by camera");
    }

    private static Process worker(String id) throws Exception {
        Path shared = Files.writeString(dir.resolve(id + ".yaml"), "events: {dir: events-" + id + "}\n");
        Process process = CliRun.childProcess("monitor", "--kafka", broker.bootstrap(), "--group", "test", "--worker-id", id, "--allow-local-sources",
                "--no-dashboard", "--config", shared.toString(), "--session-timeout", "6s")
                .redirectOutput(dir.resolve(id + ".out").toFile()).redirectError(dir.resolve(id + ".err").toFile()).start();
        broker.owns(process);
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

    /** At every point of the status log, no camera was running on two workers at once (not counting {@code dead} ones). */
    private static void assertNoCameraOnTwoWorkers(Set<String> dead) {
        Map<String, Set<String>> runningNow = new HashMap<>();
        for (JsonNode status : statusLog()) {
            String camera = status.path("camera").asText();
            if (dead.contains(status.path("worker").asText())) {
                continue;
            }
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
        for (ConsumerRecord<String, String> record : broker.readAll(ClusterTopics.STATUS)) {
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
        return broker.readAll(ClusterTopics.EVENTS).stream().map(ConsumerRecord::key).toList();
    }

    private static KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** Camera names, {@code perThird} hashed (as Kafka's default partitioner does) into each third of the partitions. */
    private static List<String> namesInThirds(int perThird) {
        List<List<String>> thirds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; thirds.stream().anyMatch(t -> t.size() < perThird); i++) {
            String name = "cam" + i;
            int partition = Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % ClusterTopics.DEFAULT_PARTITIONS;
            List<String> third = thirds.get(partition * 3 / ClusterTopics.DEFAULT_PARTITIONS);
            if (third.size() < perThird) {
                third.add(name);
            }
        }
        List<String> names = new ArrayList<>();
        thirds.forEach(names::addAll);
        return names;
    }
}
