package dev.vigia.cluster;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How every client of the cluster (producers, consumers, admin, Streams) reaches Kafka: the
 * bootstrap servers and the user's own client settings (TLS, SASL...). The one place that builds
 * a client's properties: each client starts from {@link #properties()} and sets its own keys over
 * them, so a setting a client relies on (its group, its guarantee) is never undone by the file.
 */
public final class KafkaConnection {

    private final String bootstrap;
    private final Map<String, String> settings;

    private KafkaConnection(String bootstrap, Map<String, String> settings) {
        this.bootstrap = bootstrap;
        this.settings = Map.copyOf(settings);
    }

    /** A broker reached as it is, with Kafka's defaults (PLAINTEXT). */
    public static KafkaConnection to(String bootstrap) {
        return new KafkaConnection(bootstrap, Map.of());
    }

    /** A broker reached with these client settings (e.g. {@code security.protocol}, {@code sasl.jaas.config}); {@code bootstrap} wins over theirs. */
    public static KafkaConnection to(String bootstrap, Properties clientSettings) {
        Map<String, String> settings = new TreeMap<>();
        clientSettings.stringPropertyNames().forEach(key -> settings.put(key, clientSettings.getProperty(key)));
        return new KafkaConnection(bootstrap, settings);
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** A fresh copy of the client settings with the bootstrap servers; the caller adds its own keys. */
    public Properties properties() {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return properties;
    }

    @Override
    public String toString() {
        return bootstrap;
    }
}
