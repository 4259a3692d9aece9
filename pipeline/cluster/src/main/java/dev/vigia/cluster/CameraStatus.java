package dev.vigia.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A worker's word on its cameras in {@code vigia.status}, keyed by camera:
 * {@code {camera, worker, running, time}}, and {@code problem} when the camera could not start.
 */
final class CameraStatus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String workerId;
    private final KafkaProducer<String, String> producer;

    CameraStatus(KafkaConnection kafka, String workerId) {
        this.workerId = workerId;
        Properties properties = kafka.properties();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    void running(String camera, boolean runs) {
        send(base(camera).put("running", runs));
    }

    /** The camera is this worker's but does not run, for the reason given. */
    void failed(String camera, String problem) {
        send(base(camera).put("running", false).put("problem", problem));
    }

    private ObjectNode base(String camera) {
        return JSON.createObjectNode().put("camera", camera).put("worker", workerId);
    }

    private void send(ObjectNode value) {
        value.put("time", System.currentTimeMillis() / 1000.0);
        producer.send(new ProducerRecord<>(ClusterTopics.STATUS, value.path("camera").asText(), value.toString()));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
