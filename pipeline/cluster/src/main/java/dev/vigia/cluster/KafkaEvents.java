package dev.vigia.cluster;

import dev.vigia.monitor.events.EventSubscriber;
import dev.vigia.monitor.events.ObjectEvent;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The monitor's object events on {@code vigia.events}, keyed by camera so each camera's events stay in order. */
public final class KafkaEvents implements EventSubscriber {

    private final KafkaProducer<String, String> producer;

    public KafkaEvents(KafkaConnection kafka) {
        Properties properties = kafka.properties();
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    @Override
    public void onEvent(ObjectEvent event) {
        producer.send(new ProducerRecord<>(ClusterTopics.EVENTS, event.camera(), event.toJson().toString()));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
