package dev.vigia.cluster;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics a Vigía cluster shares: {@code vigia.cameras} (compacted, keyed by camera name: the
 * cameras to run; a tombstone removes one), {@code vigia.events} and {@code vigia.status}, both
 * keyed by camera so each camera's records stay in order, and {@code vigia.counts}.
 */
public final class ClusterTopics {

    public static final String CAMERAS = "vigia.cameras";
    public static final String EVENTS = "vigia.events";
    public static final String STATUS = "vigia.status";
    /** Windowed counts of {@code vigia aggregate}, keyed by window: compacted, the latest count of a window wins. */
    public static final String COUNTS = "vigia.counts";
    /** Partitions of the cameras topic: the most workers that can each hold cameras at once. */
    public static final int DEFAULT_PARTITIONS = 12;

    private ClusterTopics() {}

    /**
     * An admin client once the broker answers; retried until {@code patience} has passed, then a
     * one-line error naming the address.
     */
    public static Admin connect(KafkaConnection kafka, Duration patience) {
        String bootstrap = kafka.bootstrap();
        Properties properties = kafka.properties();
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        Admin admin;
        try {
            admin = Admin.create(properties);
        } catch (KafkaException e) {
            // The user's client settings are read here first: a wrong one is named before anything runs.
            throw new UserError("The Kafka client settings for " + bootstrap + " are not usable: " + rootMessage(e));
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                return admin;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                    admin.close(Duration.ZERO);
                    throw new UserError("Kafka at " + bootstrap + " refused this client: " + rootMessage(e.getCause())
                            + "; check the client settings (SASL, TLS)");
                }
                if (System.nanoTime() > deadline) {
                    admin.close(Duration.ZERO);
                    throw new InvalidSettingException(Setting.KAFKA, bootstrap, "No Kafka broker answers at " + bootstrap + " (tried for "
                            + patience.toSeconds() + " s)");
                }
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    admin.close(Duration.ZERO);
                    throw new InvalidSettingException(Setting.KAFKA, bootstrap, "No Kafka broker answers at " + bootstrap + " (tried for "
                            + patience.toSeconds() + " s)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                admin.close(Duration.ZERO);
                throw new UserError("Interrupted while connecting to Kafka at " + bootstrap);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.toString();
        return message.lines().findFirst().orElse(message);
    }

    /**
     * Connects as {@link #connect} does and creates the cluster's topics where missing, with
     * {@link #DEFAULT_PARTITIONS} partitions: what a worker, a camera catalog or an aggregate needs
     * before it starts.
     */
    public static void ensure(KafkaConnection kafka, Duration patience) {
        try (Admin admin = connect(kafka, patience)) {
            ensure(admin, DEFAULT_PARTITIONS);
        }
    }

    /** Creates the cluster's topics where missing (one replica each: a single broker is enough). */
    public static void ensure(Admin admin, int cameraPartitions) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(CAMERAS, cameraPartitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(new NewTopic(EVENTS, cameraPartitions, (short) 1));
        topics.add(new NewTopic(STATUS, cameraPartitions, (short) 1));
        topics.add(new NewTopic(COUNTS, cameraPartitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        try {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new UserError("Cannot create the topics " + CAMERAS + ", " + EVENTS + ", " + STATUS + ", " + COUNTS + ": "
                        + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            throw new UserError("Kafka did not create the topics within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
