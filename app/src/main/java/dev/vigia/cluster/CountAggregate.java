package dev.vigia.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * {@code vigia aggregate}: a Kafka Streams application counting the cluster's line crossings
 * (per camera, line, class and direction) and zone entries (per camera, zone and class) in
 * tumbling and hopping windows of event time, with grace for late events, into
 * {@code vigia.counts}, processed exactly once. An event sent twice (a worker killed and
 * replaying a recording) is counted once ({@link FirstSightings}). Windows are kept in in-memory stores, rebuilt
 * from their changelogs after a restart, and can be queried while it runs.
 */
public final class CountAggregate implements AutoCloseable {

    public static final String COUNTS = ClusterTopics.COUNTS;
    public static final String TUMBLING_STORE = "tumbling-counts";
    public static final String HOPPING_STORE = "hopping-counts";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The windows: tumbling of {@code size}, hopping of {@code size} every {@code advance}, each closing {@code grace} late. */
    public record Windows(Duration size, Duration advance, Duration grace) {}

    private final KafkaStreams streams;
    private final Windows windows;

    public CountAggregate(KafkaConnection kafka, String applicationId, Windows windows, Path stateDir) {
        this.windows = windows;
        Properties properties = kafka.properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
        properties.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTime.class);
        this.streams = new KafkaStreams(topology(windows), properties);
    }

    /** An event's own time (its {@code time}, epoch seconds), so replays and late events land in the windows they belong to. */
    public static final class EventTime implements TimestampExtractor {
        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            try {
                JsonNode event = JSON.readTree(String.valueOf(record.value()));
                return event.has("time") ? Math.round(event.get("time").asDouble() * 1000) : record.timestamp();
            } catch (IOException e) {
                return record.timestamp();
            }
        }
    }

    private static org.apache.kafka.streams.Topology topology(Windows windows) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(FirstSightings.store(windows.size().plus(windows.grace()).plus(Duration.ofMinutes(1))));
        // Events are keyed by camera, so every copy of an event reaches the same task and its store.
        KStream<String, String> counted = builder.stream(ClusterTopics.EVENTS, Consumed.with(Serdes.String(), Serdes.String()))
                .processValues(FirstSightings::new, FirstSightings.STORE)
                .flatMap((camera, value) -> countKeys(value));
        var grouped = counted.groupByKey(Grouped.with("count-key", Serdes.String(), Serdes.String()));
        TimeWindows tumbling = TimeWindows.ofSizeAndGrace(windows.size(), windows.grace());
        TimeWindows hopping = TimeWindows.ofSizeAndGrace(windows.size(), windows.grace()).advanceBy(windows.advance());
        grouped.windowedBy(tumbling).count(store(TUMBLING_STORE, windows, windows.size()))
                .toStream().map((window, count) -> record("tumbling", window, count))
                .to(COUNTS, Produced.with(Serdes.String(), Serdes.String()));
        grouped.windowedBy(hopping).count(store(HOPPING_STORE, windows, windows.size()))
                .toStream().map((window, count) -> record("hopping", window, count))
                .to(COUNTS, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static Materialized<String, Long, WindowStore<Bytes, byte[]>> store(String name, Windows windows, Duration size) {
        return Materialized.<String, Long>as(Stores.inMemoryWindowStore(name, size.plus(windows.grace()).plus(Duration.ofHours(1)),
                size, false)).withKeySerde(Serdes.String()).withValueSerde(Serdes.Long());
    }

    /** What an event counts towards: {@code camera|line|NAME|LABEL|in} or {@code camera|zone|NAME|LABEL|entered}; nothing for others. */
    static List<KeyValue<String, String>> countKeys(String value) {
        List<KeyValue<String, String>> keys = new ArrayList<>();
        try {
            JsonNode event = JSON.readTree(value);
            String camera = event.path("camera").asText();
            String label = event.path("label").asText();
            switch (event.path("reason").asText()) {
                case "line_crossed" -> keys.add(KeyValue.pair(String.join("|", camera, "line", event.path("line").asText(), label,
                        event.path("direction").asText()), value));
                case "zone_entered" -> keys.add(KeyValue.pair(String.join("|", camera, "zone", event.path("zone").asText(), label,
                        "entered"), value));
                default -> { }
            }
        } catch (IOException e) {
            // Not an event: nothing to count.
        }
        return keys;
    }

    private static KeyValue<String, String> record(String windowing, Windowed<String> window, Long count) {
        ObjectNode value = describe(windowing, window.key(), window.window().start(), window.window().end(), count);
        return KeyValue.pair(windowing + "|" + window.key() + "|" + window.window().start(), value.toString());
    }

    private static ObjectNode describe(String windowing, String key, long start, long end, long count) {
        String[] parts = key.split("\\|", -1);
        return JSON.createObjectNode().put("windowing", windowing).put("camera", parts[0]).put("kind", parts[1]).put("name", parts[2])
                .put("label", parts[3]).put("direction", parts[4]).put("window_start", Instant.ofEpochMilli(start).toString())
                .put("window_end", Instant.ofEpochMilli(end).toString()).put("count", count);
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The windows of {@code windowing} (tumbling or hopping) the store holds now, as JSON. */
    public ArrayNode query(String windowing) {
        String store = windowing.equals("hopping") ? HOPPING_STORE : TUMBLING_STORE;
        ReadOnlyWindowStore<String, Long> windows = streams.store(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.windowStore()));
        ArrayNode out = JSON.createArrayNode();
        Instant to = Instant.now().plus(Duration.ofDays(3650));
        try (KeyValueIterator<Windowed<String>, Long> all = windows.fetchAll(Instant.EPOCH, to)) {
            while (all.hasNext()) {
                KeyValue<Windowed<String>, Long> next = all.next();
                out.add(describe(windowing, next.key.key(), next.key.window().start(), next.key.window().end(), next.value));
            }
        }
        return out;
    }

    public Windows windows() {
        return windows;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
