package dev.vigia.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The user's client settings reach every client; the bootstrap of {@code --kafka} wins over the file's. */
class KafkaConnectionTest {

    @Test
    void theFilesSettingsAreKeptAndTheGivenBootstrapWins() {
        Properties file = new Properties();
        file.put("security.protocol", "SASL_SSL");
        file.put("bootstrap.servers", "elsewhere:9092");
        KafkaConnection kafka = KafkaConnection.to("127.0.0.1:9092", file);
        Properties client = kafka.properties();
        assertEquals("SASL_SSL", client.get("security.protocol"));
        assertEquals("127.0.0.1:9092", client.get("bootstrap.servers"));
        client.put("group.id", "mine");
        assertNull(kafka.properties().get("group.id"), "each client gets a fresh copy");
    }
}
