package dev.vigia.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.Names;
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
 *
 * <p>An event is anyone's record, so it is not trusted blindly: one whose time lies beyond the
 * wall clock plus the grace (at most five minutes) would move stream time ahead and close every
 * window that later, honest events belong to (and the broker refuses records an hour ahead, which
 * stopped the application), so it is dropped and counted ({@link #untrustedTimes()}); an event
 * too large or whose names break the rule ({@link dev.vigia.config.Names}) counts towards nothing.
 * A query returns at most {@link #MAX_VIEW_WINDOWS} windows, the newest.
 */
public final class CountAggregate implements AutoCloseable {

    public static final String COUNTS = ClusterTopics.COUNTS;
    public static final String TUMBLING_STORE = "tumbling-counts";
    public static final String HOPPING_STORE = "hopping-counts";
    /** The most windows one query returns: the newest. */
    public static final int MAX_VIEW_WINDOWS = 1000;
    /** An event larger than this counts towards nothing. */
    public static final int MAX_EVENT_CHARS = 16 * 1024;
    private static final int MAX_LABEL_CHARS = 64;
    /** The most an event's time may lie ahead of this machine's clock, whatever the grace. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The windows: tumbling of {@code size}, hopping of {@code size} every {@code advance}, each closing {@code grace} late. */
    public record Windows(Duration size, Duration advance, Duration grace) {}

    private final KafkaStreams streams;
    private final Windows windows;
    private final EventTime eventTime;

    public CountAggregate(KafkaConnection kafka, String applicationId, Windows windows, Path stateDir) {
        this.windows = windows;
        Properties properties = kafka.properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
        // Never more than the broker takes: by default it refuses a record an hour ahead of its clock,
        // and a refused repartition record stops the whole application.
        this.eventTime = new EventTime(windows.grace().compareTo(MAX_AHEAD) < 0 ? windows.grace() : MAX_AHEAD);
        this.streams = new KafkaStreams(topology(windows, eventTime), properties);
    }

    /**
     * An event's own time (its {@code time}, epoch seconds), so replays and late events land in the
     * windows they belong to. A time beyond the wall clock plus {@code tolerance} is not believed:
     * the record gets no time, which Kafka Streams drops (and counts in its dropped-records metric).
     */
    static final class EventTime implements TimestampExtractor {
        private final Duration tolerance;
        private final java.util.concurrent.atomic.AtomicLong untrusted = new java.util.concurrent.atomic.AtomicLong();

        EventTime(Duration tolerance) {
            this.tolerance = tolerance;
        }

        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            long time = claimedTime(record);
            if (time > System.currentTimeMillis() + tolerance.toMillis()) {
                untrusted.incrementAndGet();
                return -1;
            }
            return time;
        }

        private static long claimedTime(ConsumerRecord<Object, Object> record) {
            String value = String.valueOf(record.value());
            if (value.length() > MAX_EVENT_CHARS) {
                return record.timestamp();
            }
            try {
                JsonNode time = JSON.readTree(value).path("time");
                return time.isNumber() && Double.isFinite(time.asDouble()) ? Math.round(time.asDouble() * 1000) : record.timestamp();
            } catch (IOException e) {
                return record.timestamp();
            }
        }
    }

    /** Events dropped since the start because their time lay beyond the wall clock plus the grace. */
    public long untrustedTimes() {
        return eventTime.untrusted.get();
    }

    private static org.apache.kafka.streams.Topology topology(Windows windows, EventTime eventTime) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(FirstSightings.store(windows.size().plus(windows.grace()).plus(Duration.ofMinutes(1))));
        // Events are keyed by camera, so every copy of an event reaches the same task and its store.
        KStream<String, String> counted = builder.stream(ClusterTopics.EVENTS, Consumed.with(Serdes.String(), Serdes.String())
                        .withTimestampExtractor(eventTime))
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
        if (value == null || value.length() > MAX_EVENT_CHARS) {
            return keys;
        }
        try {
            JsonNode event = JSON.readTree(value);
            String camera = event.path("camera").asText();
            String label = event.path("label").asText();
            // The parts make the key, split again on '|' when a window is shown: none may hold one.
            if (!Names.valid(camera) || !plainLabel(label)) {
                return keys;
            }
            switch (event.path("reason").asText()) {
                case "line_crossed" -> {
                    String line = event.path("line").asText();
                    String direction = event.path("direction").asText();
                    if (Names.valid(line) && plainLabel(direction)) {
                        keys.add(KeyValue.pair(String.join("|", camera, "line", line, label, direction), value));
                    }
                }
                case "zone_entered" -> {
                    String zone = event.path("zone").asText();
                    if (Names.valid(zone)) {
                        keys.add(KeyValue.pair(String.join("|", camera, "zone", zone, label, "entered"), value));
                    }
                }
                default -> { }
            }
        } catch (IOException e) {
            // Not an event: nothing to count.
        }
        return keys;
    }

    /** A class name or a direction: short, printable, without the key's separator. */
    private static boolean plainLabel(String text) {
        return !text.isEmpty() && text.length() <= MAX_LABEL_CHARS && text.indexOf('|') < 0
                && text.codePoints().noneMatch(Character::isISOControl);
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

    /** The newest windows of {@code windowing} (tumbling or hopping) the store holds now, at most {@link #MAX_VIEW_WINDOWS}, as JSON. */
    public ArrayNode query(String windowing) {
        String store = windowing.equals("hopping") ? HOPPING_STORE : TUMBLING_STORE;
        ReadOnlyWindowStore<String, Long> windows = streams.store(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.windowStore()));
        // The oldest kept are dropped first: a heap of the newest, ordered by window start.
        java.util.PriorityQueue<KeyValue<Windowed<String>, Long>> newest = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingLong(kv -> kv.key.window().start()));
        Instant to = Instant.now().plus(Duration.ofDays(3650));
        try (KeyValueIterator<Windowed<String>, Long> all = windows.fetchAll(Instant.EPOCH, to)) {
            while (all.hasNext()) {
                newest.add(all.next());
                if (newest.size() > MAX_VIEW_WINDOWS) {
                    newest.poll();
                }
            }
        }
        List<KeyValue<Windowed<String>, Long>> kept = new ArrayList<>(newest);
        kept.sort(java.util.Comparator.comparingLong((KeyValue<Windowed<String>, Long> kv) -> kv.key.window().start())
                .thenComparing(kv -> kv.key.key()));
        ArrayNode out = JSON.createArrayNode();
        for (KeyValue<Windowed<String>, Long> next : kept) {
            out.add(describe(windowing, next.key.key(), next.key.window().start(), next.key.window().end(), next.value));
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
