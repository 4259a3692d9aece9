package dev.vigia.cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The cameras topic as a table: write a camera, remove one (a tombstone), read them all. */
public final class CameraCatalog {

    private final KafkaConnection kafka;

    public CameraCatalog(KafkaConnection kafka) {
        this.kafka = kafka;
    }

    /** Writes each camera (name to its config as JSON), or a tombstone where the value is null; waits for the broker. */
    public void put(Map<String, byte[]> cameras) {
        Properties properties = kafka.properties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> camera : cameras.entrySet()) {
                producer.send(new ProducerRecord<>(ClusterTopics.CAMERAS, camera.getKey(), camera.getValue())).get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new dev.vigia.config.UserError("Kafka at " + kafka.bootstrap() + " did not take the camera records: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every camera now in the topic, by name, as the raw JSON of its record (compaction may not have run yet: the last record wins). */
    public Map<String, byte[]> all() {
        Properties properties = kafka.properties();
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, byte[]> cameras = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(ClusterTopics.CAMERAS, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        cameras.remove(record.key());
                    } else {
                        cameras.put(record.key(), record.value());
                    }
                }
            }
        }
        return cameras;
    }
}
