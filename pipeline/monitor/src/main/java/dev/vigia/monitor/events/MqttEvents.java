package dev.vigia.monitor.events;

import dev.vigia.monitor.config.MonitorSetup;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events on {@code PREFIX/events}, {@code PREFIX/available} ({@code online}, and
 * {@code offline} as the last will), and each camera's {@code online} / {@code offline} on
 * {@code PREFIX/CAMERA/status}, retained, with why it went offline on {@code PREFIX/CAMERA/error}
 * when the monitor knows. Each camera's status has a connection of its own whose last will is that
 * camera's {@code offline}: an MQTT connection has one will, and a killed monitor must mark every
 * camera offline. Nothing here blocks the event thread: a broker that is down at start or goes away
 * later gets what waited for it when it is back ({@link MqttConnection}), and what could not wait
 * is counted ({@link #dropped()}).
 */
public final class MqttEvents implements EventSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(MqttEvents.class);

    private final String prefix;
    private final String serverUri;
    private final String clientId;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigia-mqtt-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile MqttConnection events;
    private final Map<String, CameraStatus> cameras = new ConcurrentHashMap<>();

    /** A camera's status connection and what it last said, published again after every reconnection. */
    private final class CameraStatus {
        final String topic;
        final String errorTopic;
        volatile String status = "offline";
        volatile String reason;
        volatile MqttConnection connection;

        CameraStatus(String camera) {
            this.topic = prefix + "/" + camera + "/status";
            this.errorTopic = prefix + "/" + camera + "/error";
        }

        void publish() {
            MqttConnection now = connection;
            if (now == null) {
                return; // connected before the constructor returned: the caller publishes
            }
            now.publish(topic, status, true);
            if (reason != null) {
                now.publish(errorTopic, reason, true);
            }
        }
    }

    public MqttEvents(MonitorSetup.MqttSetup setup) throws MqttException {
        this.prefix = setup.topicPrefix();
        this.serverUri = "tcp://" + setup.host() + ":" + setup.port();
        this.clientId = "vigia-" + ProcessHandle.current().pid();
        this.events = new MqttConnection(serverUri, clientId, prefix + "/available", "offline", retries, this::announceOnline);
        if (events.connected()) {
            announceOnline(); // connected before the field was set: its callback found nothing to publish on
        }
    }

    private void announceOnline() {
        MqttConnection now = events;
        if (now != null) {
            now.publish(prefix + "/available", "online", true);
        }
    }

    @Override
    public void onEvent(ObjectEvent event) {
        events.publish(prefix + "/events", event.toJson().toString(), false);
    }

    @Override
    public void onCameraStatus(String camera, boolean online) throws MqttException {
        onCameraStatus(camera, online, null);
    }

    @Override
    public void onCameraStatus(String camera, boolean online, String reason) throws MqttException {
        CameraStatus status = cameras.get(camera);
        if (status == null) {
            status = new CameraStatus(camera);
            status.status = online ? "online" : "offline";
            status.reason = reason;
            CameraStatus made = status;
            status.connection = new MqttConnection(serverUri, clientId + "-" + cameras.size(), status.topic, "offline", retries,
                    made::publish);
            cameras.put(camera, status);
            // A connection made now publishes from its connect callback; published here too, it waits in the buffer.
            if (!status.connection.connected()) {
                return;
            }
        }
        status.status = online ? "online" : "offline";
        if (reason != null) {
            status.reason = reason;
        }
        status.connection.publish(status.topic, status.status, true);
        if (reason != null) {
            status.connection.publish(status.errorTopic, reason, true);
        }
    }

    /** Whether the events connection is up. */
    public boolean connected() {
        return events.connected();
    }

    /** Messages given up on while the broker was away (the offline buffer holds {@value MqttConnection#BUFFERED} a connection). */
    public long dropped() {
        return events.dropped() + cameras.values().stream().mapToLong(c -> c.connection.dropped()).sum();
    }

    @Override
    public void close() {
        long lost = dropped();
        if (lost > 0) {
            LOG.warn("MQTT: {} messages were let go while the broker was away (events.jsonl has every event)", lost);
        }
        cameras.values().forEach(c -> c.connection.close(c.topic, c.status));
        events.close(prefix + "/available", "offline");
        retries.shutdownNow();
    }
}
