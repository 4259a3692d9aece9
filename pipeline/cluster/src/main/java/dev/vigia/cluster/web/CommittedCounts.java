package dev.vigia.cluster.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigia.cluster.ClusterTopics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.vigia.cluster.KafkaConnection;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The latest committed record of every window in {@code vigia.counts}, read as any consumer of
 * the topic would (read_committed: a count the aggregate has not committed is never shown), on a
 * thread of its own from the start of the topic.
 */
final class CommittedCounts implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> latest = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private volatile boolean running = true;

    CommittedCounts(KafkaConnection kafka) {
        Properties properties = kafka.properties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        this.reader = new Thread(this::read, "vigia-counts-view");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(ClusterTopics.COUNTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                        continue;
                    }
                    try {
                        latest.put(record.key(), JSON.readTree(record.value()));
                    } catch (IOException e) {
                        // Not a count: the view shows only what it can read.
                    }
                }
            }
        } catch (WakeupException e) {
            // Closing.
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The windows of {@code windowing} (tumbling or hopping), optionally of one camera. */
    ArrayNode windows(String windowing, String camera) {
        ArrayNode out = JSON.createArrayNode();
        latest.values().stream().filter(w -> w.path("windowing").asText().equals(windowing))
                .filter(w -> camera == null || camera.equals(w.path("camera").asText()))
                .sorted(java.util.Comparator.comparing((JsonNode w) -> w.path("window_start").asText()))
                .forEach(out::add);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(5000);
    }
}
