package dev.vigia.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real Kafka broker in KRaft mode (broker and controller in one node), Apache Kafka's own
 * {@code kafka.Kafka} from Maven Central run as a child JVM on 127.0.0.1, its storage formatted by
 * Kafka's {@code StorageTool} first, as an operator would. Killed with the test.
 *
 * <p>{@link #startWithSasl} gives clients only a SASL_PLAINTEXT listener with the PLAIN mechanism and
 * one user (the broker's own traffic stays on an internal listener): a client without the user's
 * credentials is refused.
 */
public final class KafkaTestBroker implements AutoCloseable {

    /** The user a SASL broker knows, and its password. */
    public static final String SASL_USER = "vigia";
    public static final String SASL_PASSWORD = "vigia-test-secret";

    private final Process process;
    private final int port;
    private final Path dir;
    private final Properties clientSettings;
    private final List<Process> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    private KafkaTestBroker(Process process, int port, Path dir, Properties clientSettings) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.clientSettings = clientSettings;
    }

    public static KafkaTestBroker start(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        return start(dir, port, List.of(
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:%CONTROLLER%",
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT"), new Properties());
    }

    /** A broker whose clients' listener requires SASL/PLAIN as {@link #SASL_USER}. */
    public static KafkaTestBroker startWithSasl(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        int internal = freePort();
        return start(dir, port, List.of(
                "listeners=CLIENTS://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internal + ",CONTROLLER://127.0.0.1:%CONTROLLER%",
                "advertised.listeners=CLIENTS://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internal,
                "listener.security.protocol.map=CLIENTS:SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=INTERNAL",
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.clients.sasl.enabled.mechanisms=PLAIN",
                "listener.name.clients.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " user_" + SASL_USER + "=\"" + SASL_PASSWORD + "\";"), saslClientSettings(SASL_PASSWORD));
    }

    /** What a client of {@link #startWithSasl} needs, as a Kafka client properties file holds it. */
    public static Properties saslClientSettings(String password) {
        Properties settings = new Properties();
        settings.put("security.protocol", "SASL_PLAINTEXT");
        settings.put("sasl.mechanism", "PLAIN");
        settings.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SASL_USER
                + "\" password=\"" + password + "\";");
        return settings;
    }

    private static KafkaTestBroker start(Path dir, int port, List<String> listeners, Properties clientSettings)
            throws IOException, InterruptedException {
        int controller = freePort();
        Path logs = Files.createDirectories(dir.resolve("kafka-logs"));
        Path properties = dir.resolve("server.properties");
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "controller.listener.names=CONTROLLER"));
        listeners.forEach(line -> lines.add(line.replace("%CONTROLLER%", String.valueOf(controller))));
        Files.writeString(properties, String.join("\n", lines) + "\n" + String.join("\n",
                "log.dirs=" + logs,
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "") );
        run(List.of("kafka.tools.StorageTool", "format", "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                "-c", properties.toString()), dir.resolve("format.log")).waitFor();
        Process broker = run(List.of("kafka.Kafka", properties.toString()), dir.resolve("broker.log"));
        KafkaTestBroker started = new KafkaTestBroker(broker, port, dir, clientSettings);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("The Kafka broker exited: " + Files.readString(dir.resolve("broker.log")));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return started;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        started.close();
        throw new IllegalStateException("The Kafka broker did not listen within 60 s; see " + dir.resolve("broker.log"));
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The client settings this broker's clients need (none for a PLAINTEXT broker). */
    public Properties clientSettings() {
        Properties copy = new Properties();
        copy.putAll(clientSettings);
        return copy;
    }

    /** Every committed record of {@code topic} now, from the start (read_committed: aborted transactions are not seen). */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties properties = clientSettings();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
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

    private static Process run(List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process client : clients) {
            client.destroyForcibly().waitFor();
        }
        process.destroyForcibly();
        process.waitFor();
    }

    /** A process of the test that uses this broker (a worker, an aggregate): killed before the broker at {@link #close()}. */
    public Process owns(Process client) {
        clients.add(client);
        return client;
    }

    @Override
    public String toString() {
        return "Kafka at " + bootstrap() + " (" + dir + ")";
    }
}
