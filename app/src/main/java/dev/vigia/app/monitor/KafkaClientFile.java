package dev.vigia.app.monitor;

import dev.vigia.cluster.KafkaConnection;
import dev.vigia.config.UserError;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** {@code --kafka-config FILE}: Kafka client properties (TLS, SASL) that every client of a command uses. */
final class KafkaClientFile {

    private KafkaClientFile() {}

    /** The connection to {@code bootstrap}, with the settings of {@code file} when one is given. */
    static KafkaConnection connection(String bootstrap, Path file) {
        if (file == null) {
            return KafkaConnection.to(bootstrap);
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError("--kafka-config " + file + " does not exist; give a Kafka client properties file "
                    + "(security.protocol=..., sasl.mechanism=..., sasl.jaas.config=...)");
        }
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            settings.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("--kafka-config " + file + " is not a readable properties file: " + e.getMessage());
        }
        return KafkaConnection.to(bootstrap, settings);
    }
}
