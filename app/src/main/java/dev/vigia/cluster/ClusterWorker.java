package dev.vigia.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.monitor.config.MonitorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code vigia monitor --kafka} worker. Kafka's consumer group on {@code vigia.cameras}
 * decides which cameras it runs: those in the partitions assigned to it. On every assignment it
 * reads its partitions from the start (the topic is compacted: the latest record per camera is its
 * config), and once caught up it restarts its monitor over exactly those cameras; revoked cameras
 * stop first, their outputs finished. A worker that dies loses its partitions after the session
 * timeout and its cameras start on the survivors. Every two seconds each running camera's status
 * goes to {@code vigia.status}, keyed by camera.
 */
public final class ClusterWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);

    /** Starts watching a set of cameras; the monitor a worker runs. */
    public interface Monitors {
        Running start(List<MonitorConfig.Camera> cameras) throws Exception;
    }

    /** A running monitor; {@link #stop()} returns once its outputs are finished. */
    public interface Running {
        void stop();
    }

    private final String workerId;
    private final Monitors monitors;
    private final Consumer<String> problems;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, String> status;
    private final Map<TopicPartition, Map<String, MonitorConfig.Camera>> owned = new HashMap<>();
    private final Map<TopicPartition, Long> catchingUp = new HashMap<>();
    private final Thread loop;
    private volatile boolean closing;
    private List<MonitorConfig.Camera> runningCameras = List.of();
    private Running running;
    private boolean changed;
    private long nextHeartbeat;

    /**
     * @param sessionTimeout how long the group waits for a silent worker before its cameras move
     * @param problems one line for each camera record that cannot be run
     */
    public ClusterWorker(String bootstrap, String group, String workerId, Duration sessionTimeout, Monitors monitors,
            Consumer<String> problems) {
        this.workerId = workerId;
        this.monitors = monitors;
        this.problems = problems;
        Properties consumerProperties = new Properties();
        consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, workerId);
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionTimeout.toMillis()));
        consumerProperties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(500, sessionTimeout.toMillis() / 4)));
        // Restarting a monitor takes seconds; the poll loop must not be taken for dead meanwhile.
        consumerProperties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "120000");
        this.consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
        Properties producerProperties = new Properties();
        producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.status = new KafkaProducer<>(producerProperties, new StringSerializer(), new StringSerializer());
        this.loop = new Thread(this::run, "vigia-cluster-" + workerId);
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

    /** The cameras this worker runs now. */
    public synchronized List<String> cameras() {
        return runningCameras.stream().map(MonitorConfig.Camera::name).toList();
    }

    private void run() {
        try {
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    take(record);
                }
                catchingUp.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                if (changed && catchingUp.isEmpty()) {
                    apply();
                }
                heartbeat(false);
            }
        } catch (WakeupException e) {
            // close() woke the poll.
        } catch (RuntimeException e) {
            LOG.error("Worker {} stopped: {}", workerId, e.toString());
        }
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
                cameras.put(record.key(), CameraRecords.read(record.key(), record.value()));
            } catch (UserError e) {
                problems.accept(e.getMessage() + "; the camera is left out, the others run");
                cameras.remove(record.key());
            }
        }
        if (!java.util.Objects.equals(before, cameras.get(record.key()))) {
            changed = true;
        }
    }

    /** Restarts the monitor over the cameras now owned, when they differ from those running. */
    private void apply() {
        changed = false;
        List<MonitorConfig.Camera> wanted = new ArrayList<>();
        owned.values().forEach(cameras -> wanted.addAll(cameras.values()));
        wanted.sort(java.util.Comparator.comparing(MonitorConfig.Camera::name));
        if (wanted.equals(runningCameras)) {
            return;
        }
        Set<String> stopping = new HashSet<>(cameras());
        if (running != null) {
            running.stop();
            running = null;
        }
        stopping.removeAll(wanted.stream().map(MonitorConfig.Camera::name).toList());
        stopping.forEach(camera -> send(camera, false));
        synchronized (this) {
            runningCameras = List.of();
        }
        if (wanted.isEmpty()) {
            LOG.info("Worker {} runs no camera", workerId);
            return;
        }
        try {
            running = monitors.start(wanted);
            synchronized (this) {
                runningCameras = List.copyOf(wanted);
            }
            LOG.info("Worker {} runs {}", workerId, cameras());
            heartbeat(true);
        } catch (Exception e) {
            problems.accept("Worker " + workerId + " cannot run " + wanted.stream().map(MonitorConfig.Camera::name).toList()
                    + ": " + e.getMessage());
        }
    }

    private void heartbeat(boolean now) {
        long time = System.nanoTime();
        if (!now && time < nextHeartbeat) {
            return;
        }
        nextHeartbeat = time + HEARTBEAT.toNanos();
        for (String camera : cameras()) {
            send(camera, true);
        }
    }

    private void send(String camera, boolean runs) {
        ObjectNode value = JSON.createObjectNode().put("camera", camera).put("worker", workerId).put("running", runs)
                .put("time", System.currentTimeMillis() / 1000.0);
        status.send(new ProducerRecord<>(ClusterTopics.STATUS, camera, value.toString()));
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        loop.join(Duration.ofSeconds(60).toMillis());
        // Leaving the group revokes the partitions: the listener stops the cameras and says so.
        consumer.close();
        if (running != null) {
            running.stop();
            running = null;
            cameras().forEach(camera -> send(camera, false));
        }
        status.close(Duration.ofSeconds(5));
    }
}
