package dev.vigia.app.monitor;

import dev.vigia.cluster.KafkaConnection;
import dev.vigia.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --kafka-config} and {@code --kafka-timeout}: how every Kafka command reaches its broker. */
final class KafkaClientOptions {

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (TLS, SASL: security.protocol, sasl.mechanism, sasl.jaas.config...).")
    Path clientConfig;

    @Option(names = "--kafka-timeout", paramLabel = "TIME", defaultValue = "30s",
            description = "How long to retry an unreachable broker at start before giving up (default: ${DEFAULT-VALUE}).")
    String timeout;

    /** The connection to {@code bootstrap}, with the client properties of {@code --kafka-config} when given. */
    KafkaConnection connection(String bootstrap) {
        return KafkaClientFile.connection(bootstrap, clientConfig);
    }

    /** How long to retry an unreachable broker. */
    Duration patience() {
        return Durations.parse(timeout, "--kafka-timeout");
    }
}
