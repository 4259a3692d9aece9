package dev.vigia.cluster;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.monitor.Monitor;
import dev.vigia.monitor.config.MonitorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a cluster of monitors ({@code vigia monitor --kafka}). Kafka's consumer group on {@code vigia.cameras}
 * decides which cameras it runs: those in the partitions assigned to it. On every assignment it
 * reads its partitions from the start (the topic is compacted: the latest record per camera is its
 * config), and once caught up it restarts its monitor over exactly those cameras; revoked cameras
 * stop first, their outputs finished. A worker that dies loses its partitions after the session
 * timeout and its cameras start on the survivors. Every two seconds each running camera's status
 * goes to {@code vigia.status}, keyed by camera.
 *
 * <p>A worker outlives its cameras' failures: a monitor that cannot start, or throws while
 * stopping, is reported and the loop goes on polling. When the cameras cannot start together
 * they start one by one, so a bad camera is that camera's status ({@code running: false} with
 * its {@code problem}) and the others run.
 */
public final class ClusterWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** After an unexpected error in the loop, so that a lasting one (a broker gone) is not retried in a spin. */
    private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(1);

    /**
     * A worker to build: the broker it joins, and the monitor it runs over the cameras Kafka assigns
     * it ({@link Builder#monitor}). From Java:
     *
     * <pre>{@code
     * ClusterWorker worker = ClusterWorker.builder(KafkaConnection.to("kafka:9092"))
     *         .group("vigia")
     *         .monitor(shared, origin, () -> Monitor.builder().detector(model))
     *         .build();
     * worker.start();
     * }</pre>
     */
    public static Builder builder(KafkaConnection kafka) {
        return new Builder(kafka);
    }

    /**
     * A worker's settings; the defaults are those of {@code vigia monitor --kafka}. Required: the
     * monitor ({@link #monitor} or {@link #monitors}).
     */
    public static final class Builder {
        private final KafkaConnection kafka;
        private String group = "vigia";
        private String workerId;
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private int maxCameras = 32;
        private boolean allowLocalSources;
        private Monitors monitors;
        private Consumer<String> problems = problem -> LOG.warn("{}", problem);

        private Builder(KafkaConnection kafka) {
            this.kafka = Objects.requireNonNull(kafka, "kafka");
        }

        /** The consumer group the workers share (default: vigia). */
        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /** This worker's name in {@code vigia.status} (default, and null: PID@host). */
        public Builder workerId(String workerId) {
            this.workerId = workerId;
            return this;
        }

        /** How long the group waits for a silent worker before its cameras move (default: 10 s). */
        public Builder sessionTimeout(Duration sessionTimeout) {
            if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
                throw new InvalidSettingException(Setting.SESSION_TIMEOUT, sessionTimeout.toString(), "A session timeout must be longer than 0");
            }
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        /** The most cameras this worker runs (default: 32); those beyond, by name, are reported and left out. */
        public Builder maxCameras(int maxCameras) {
            // Checked here, not at build(): a front end sets it before connecting or loading a model.
            if (maxCameras < 1) {
                throw new InvalidSettingException(Setting.MAX_CAMERAS, String.valueOf(maxCameras),
                        "A worker runs 1 camera or more, not " + maxCameras);
            }
            this.maxCameras = maxCameras;
            return this;
        }

        /** Whether a camera record may name a file or a device of this machine (default: network streams only). */
        public Builder allowLocalSources(boolean allow) {
            this.allowLocalSources = allow;
            return this;
        }

        /**
         * The monitor over a set of assigned cameras, not yet started: the caller's shared settings,
         * detector and engine. The worker adds a subscriber that puts the object events on
         * {@code vigia.events}, starts it, and stops it when the cameras move.
         */
        public Builder monitor(Function<List<MonitorConfig.Camera>, Monitor.Builder> monitor) {
            Objects.requireNonNull(monitor, "monitor");
            this.monitors = cameras -> {
                KafkaEvents events = new KafkaEvents(kafka);
                Monitor running;
                try {
                    running = monitor.apply(cameras).subscriber(events).start();
                } catch (java.io.IOException | RuntimeException e) {
                    // A camera that cannot start must not leave its producer's thread behind: the worker tries again later.
                    events.close();
                    throw e;
                }
                return () -> {
                    running.stop();
                    running.awaitTermination();
                };
            };
            return this;
        }

        /**
         * The monitor over the assigned cameras made from what every worker shares: {@code shared}'s
         * settings (its own cameras, if any, left aside) with the assigned cameras, checked as if read
         * from {@code origin}, where relative folders then lie (null: {@code vigia.cameras} in the
         * working folder), and what {@code settings} gives (detector, engine, dashboard, problems).
         * {@code settings} is called again at every assignment, so each monitor gets an engine of its own.
         */
        public Builder monitor(MonitorConfig shared, Path origin, Supplier<Monitor.Builder> settings) {
            Objects.requireNonNull(shared, "shared");
            Objects.requireNonNull(settings, "settings");
            Path from = origin != null ? origin : Path.of(ClusterTopics.CAMERAS).toAbsolutePath();
            return monitor(cameras -> settings.get().config(shared.withCameras(cameras), from));
        }

        /** Any other runner of cameras in place of a {@link Monitor}. */
        public Builder monitors(Monitors monitors) {
            this.monitors = monitors;
            return this;
        }

        /** Where each camera record that cannot be run is told, one line each (default: the log). */
        public Builder problems(Consumer<String> problems) {
            this.problems = problems;
            return this;
        }

        /** The worker, not yet started: {@link ClusterWorker#start()} joins the group. */
        public ClusterWorker build() {
            if (monitors == null) {
                throw new IllegalStateException("A worker needs its monitor: call monitor(cameras -> Monitor.builder()...) before build()");
            }
            String id = workerId != null ? workerId : ProcessHandle.current().pid() + "@" + hostName();
            return new ClusterWorker(kafka, new Settings(group, id, sessionTimeout, maxCameras, allowLocalSources), monitors, problems);
        }

        private static String hostName() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "localhost";
            }
        }
    }

    /** Starts watching a set of cameras; the monitor a worker runs. */
    public interface Monitors {
        Running start(List<MonitorConfig.Camera> cameras) throws Exception;
    }

    /** A running monitor; {@link #stop()} returns once its outputs are finished. */
    public interface Running {
        void stop();
    }

    /**
     * @param sessionTimeout how long the group waits for a silent worker before its cameras move
     * @param maxCameras the most cameras this worker runs; those beyond (by name) are reported and left out
     * @param allowLocalSources whether a camera record may name a file or a device rather than a network address
     */
    public record Settings(String group, String workerId, Duration sessionTimeout, int maxCameras, boolean allowLocalSources) {}

    private record Started(List<String> cameras, Running running) {}

    private final Settings settings;
    private final Monitors monitors;
    private final Consumer<String> problems;
    private final KafkaConsumer<String, byte[]> consumer;
    private final CameraStatus status;
    private final Map<TopicPartition, Map<String, MonitorConfig.Camera>> owned = new HashMap<>();
    private final Map<TopicPartition, Long> catchingUp = new HashMap<>();
    private final Thread loop;
    private final List<Started> started = new ArrayList<>();
    /** Cameras of this worker that do not run, and why. */
    private final Map<String, String> failed = new LinkedHashMap<>();
    private volatile boolean closing;
    private List<MonitorConfig.Camera> applied = List.of();
    private List<String> runningCameras = List.of();
    private boolean changed;
    private long nextHeartbeat;

    /** @param problems one line for each camera record that cannot be run */
    ClusterWorker(KafkaConnection kafka, Settings settings, Monitors monitors, Consumer<String> problems) {
        this.settings = settings;
        this.monitors = monitors;
        this.problems = problems;
        long session = settings.sessionTimeout().toMillis();
        Properties consumerProperties = kafka.properties();
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.workerId());
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(session));
        consumerProperties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(500, session / 4)));
        // Restarting a monitor takes seconds; the poll loop must not be taken for dead meanwhile.
        consumerProperties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "120000");
        this.consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
        this.status = new CameraStatus(kafka, settings.workerId());
        this.loop = new Thread(this::run, "vigia-cluster-" + settings.workerId());
    }

    public void start() {
        consumer.subscribe(List.of(ClusterTopics.CAMERAS), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                partitions.forEach(p -> {
                    owned.remove(p);
                    catchingUp.remove(p);
                });
                changed = true;
                // The revoked cameras stop now, before another worker can start them.
                apply();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                for (TopicPartition p : partitions) {
                    owned.put(p, new TreeMap<>());
                    catchingUp.put(p, ends.get(p));
                }
                changed = true;
            }
        });
        loop.start();
    }

    /** This worker's name in the group and in {@code vigia.status}. */
    public String workerId() {
        return settings.workerId();
    }

        /** The cameras this worker runs now. */
    public synchronized List<String> cameras() {
        return runningCameras;
    }

    private void run() {
        while (!closing) {
            try {
                pollOnce();
            } catch (WakeupException e) {
                // close() woke the poll; the loop condition ends it.
            } catch (RuntimeException e) {
                LOG.error("Worker {}: {}; it goes on", settings.workerId(), e.toString());
                pause();
            }
        }
    }

    private void pollOnce() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            take(record);
        }
        catchingUp.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        if (changed && catchingUp.isEmpty()) {
            apply();
        }
        heartbeat(false);
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Map<String, MonitorConfig.Camera> cameras = owned.get(partition);
        if (cameras == null || record.key() == null) {
            return;
        }
        MonitorConfig.Camera before = cameras.get(record.key());
        if (record.value() == null) {
            cameras.remove(record.key());
        } else {
            try {
                cameras.put(record.key(), CameraRecords.read(record.key(), record.value(), settings.allowLocalSources()));
            } catch (UserError e) {
                problems.accept(e.getMessage() + "; the camera is left out, the others run");
                cameras.remove(record.key());
            }
        }
        if (!Objects.equals(before, cameras.get(record.key()))) {
            changed = true;
        }
    }

    /** Restarts the monitor over the cameras now owned, when they differ from those last applied. */
    private void apply() {
        changed = false;
        List<MonitorConfig.Camera> wanted = new ArrayList<>();
        owned.values().forEach(cameras -> wanted.addAll(cameras.values()));
        wanted.sort(Comparator.comparing(MonitorConfig.Camera::name));
        if (wanted.equals(applied)) {
            return;
        }
        applied = List.copyOf(wanted);
        List<String> before = cameras();
        stopAll();
        List<String> wantedNames = wanted.stream().map(MonitorConfig.Camera::name).toList();
        before.stream().filter(camera -> !wantedNames.contains(camera)).forEach(camera -> status.running(camera, false));
        failed.clear();
        List<MonitorConfig.Camera> admitted = wanted.subList(0, Math.min(wanted.size(), settings.maxCameras()));
        wanted.subList(admitted.size(), wanted.size()).forEach(camera -> fail(camera.name(),
                "this worker runs at most " + settings.maxCameras() + " cameras"));
        if (admitted.isEmpty()) {
            LOG.info("Worker {} runs no camera", settings.workerId());
            return;
        }
        startAll(admitted);
        LOG.info("Worker {} runs {}", settings.workerId(), cameras());
        heartbeat(true);
    }

    /** One monitor over all the cameras; when that cannot start, one per camera, so only the bad ones stay out. */
    private void startAll(List<MonitorConfig.Camera> cameras) {
        try {
            startGroup(cameras);
            return;
        } catch (Exception | LinkageError e) {
            if (cameras.size() == 1) {
                fail(cameras.get(0).name(), message(e));
                return;
            }
            LOG.warn("Worker {} cannot start its {} cameras together ({}); starting them one by one", settings.workerId(),
                    cameras.size(), message(e));
        }
        for (MonitorConfig.Camera camera : cameras) {
            try {
                startGroup(List.of(camera));
            } catch (Exception | LinkageError e) {
                fail(camera.name(), message(e));
            }
        }
    }

    private void startGroup(List<MonitorConfig.Camera> cameras) throws Exception {
        Running running = monitors.start(cameras);
        List<String> names = cameras.stream().map(MonitorConfig.Camera::name).toList();
        started.add(new Started(names, running));
        synchronized (this) {
            List<String> now = new ArrayList<>(runningCameras);
            now.addAll(names);
            runningCameras = List.copyOf(now);
        }
    }

    /** Stops every running monitor; one that throws is reported and let go, the next still stops. */
    private void stopAll() {
        for (Started group : started) {
            try {
                group.running().stop();
            } catch (RuntimeException | LinkageError e) {
                problems.accept("Worker " + settings.workerId() + " could not stop " + group.cameras() + " cleanly: " + message(e)
                        + "; it goes on");
            }
        }
        started.clear();
        synchronized (this) {
            runningCameras = List.of();
        }
    }

    private void fail(String camera, String why) {
        failed.put(camera, why);
        problems.accept("Worker " + settings.workerId() + " cannot run camera '" + camera + "': " + why + "; the others run");
        status.failed(camera, why);
    }

    private void heartbeat(boolean now) {
        long time = System.nanoTime();
        if (!now && time < nextHeartbeat) {
            return;
        }
        nextHeartbeat = time + HEARTBEAT.toNanos();
        cameras().forEach(camera -> status.running(camera, true));
        failed.forEach(status::failed);
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_AFTER_ERROR.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        loop.join(Duration.ofSeconds(60).toMillis());
        // Leaving the group revokes the partitions: the listener stops the cameras and says so.
        try {
            consumer.close();
        } catch (RuntimeException e) {
            LOG.warn("Worker {} left the group uncleanly: {}", settings.workerId(), e.toString());
        }
        List<String> stillRunning = cameras();
        stopAll();
        stillRunning.forEach(camera -> status.running(camera, false));
        status.close();
    }
}
