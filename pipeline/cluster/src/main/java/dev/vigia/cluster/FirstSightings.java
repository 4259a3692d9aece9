package dev.vigia.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Lets each event through once. Events reach {@code vigia.events} at least once: a worker that
 * is killed and replays a recording sends again what it had sent. An event is known by its
 * object id, reason, zone or line, direction and time, which a replay gives again unchanged; the
 * ids seen are kept, in a store rebuilt from its changelog after a restart, for as long as a
 * window could still count them (window size plus grace) — an older copy falls in closed windows
 * anyway. Events without an id (not from a monitor) pass as they are.
 */
final class FirstSightings implements FixedKeyProcessor<String, String, String> {

    static final String STORE = "events-seen";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FixedKeyProcessorContext<String, String> context;
    private WindowStore<String, Long> seen;

    static StoreBuilder<WindowStore<String, Long>> store(Duration keptFor) {
        return Stores.windowStoreBuilder(Stores.inMemoryWindowStore(STORE, keptFor, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, String> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, String> record) {
        String identity = identity(record.value());
        if (identity != null) {
            try (WindowStoreIterator<Long> earlier = seen.fetch(identity, record.timestamp(), record.timestamp())) {
                if (earlier.hasNext()) {
                    return;
                }
            }
            seen.put(identity, record.timestamp(), record.timestamp());
        }
        context.forward(record);
    }

    /** What tells this event from every other, or null when it has no object id. */
    static String identity(String value) {
        try {
            JsonNode event = JSON.readTree(value);
            if (!event.hasNonNull("id")) {
                return null;
            }
            return String.join("|", event.path("id").asText(), event.path("type").asText(), event.path("reason").asText(),
                    event.path("zone").asText(), event.path("line").asText(), event.path("direction").asText(),
                    event.path("time").asText());
        } catch (IOException e) {
            return null;
        }
    }
}
