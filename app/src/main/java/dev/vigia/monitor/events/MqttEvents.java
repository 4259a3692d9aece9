package dev.vigia.monitor.events;

import dev.vigia.monitor.config.MonitorSetup;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events on {@code PREFIX/events} and each camera's {@code online} / {@code offline} on
 * {@code PREFIX/CAMERA/status} (retained, so a late subscriber learns the state), with Paho's
 * automatic reconnect. The broker's last will marks {@code PREFIX/available} offline when this
 * process dies; a broker that is down at start is retried in the background.
 */
public final class MqttEvents implements EventSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(MqttEvents.class);
    private static final long RETRY_NANOS = 10_000_000_000L;

    private final MqttClient client;
    private final String prefix;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private volatile boolean warned;
    private long lastAttemptNanos;

    public MqttEvents(MonitorSetup.MqttSetup setup) throws MqttException {
        this.prefix = setup.topicPrefix();
        this.client = new MqttClient("tcp://" + setup.host() + ":" + setup.port(), "vigia-" + ProcessHandle.current().pid(),
                new MemoryPersistence());
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        options.setWill(prefix + "/available", "offline".getBytes(StandardCharsets.UTF_8), 1, true);
        connect();
    }

    /** Connects unless connected; while the broker is away, tries at most every 10 s so events for the log are not held up. */
    private boolean connect() {
        if (client.isConnected()) {
            return true;
        }
        long now = System.nanoTime();
        if (lastAttemptNanos != 0 && now - lastAttemptNanos < RETRY_NANOS) {
            return false;
        }
        lastAttemptNanos = now;
        try {
            client.connect(options);
            client.publish(prefix + "/available", "online".getBytes(StandardCharsets.UTF_8), 1, true);
            warned = false;
            return true;
        } catch (MqttException e) {
            if (!warned) {
                LOG.warn("MQTT broker {} cannot be reached ({}); events are kept in the log and retried on MQTT",
                        client.getServerURI(), e.getMessage());
                warned = true;
            }
            return false;
        }
    }

    @Override
    public void onEvent(ObjectEvent event) throws MqttException {
        publish(prefix + "/events", event.toJson().toString(), false);
    }

    @Override
    public void onCameraStatus(String camera, boolean online) throws MqttException {
        publish(prefix + "/" + camera + "/status", online ? "online" : "offline", true);
    }

    private void publish(String topic, String payload, boolean retained) throws MqttException {
        if (!connect()) {
            return;
        }
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        message.setRetained(retained);
        client.publish(topic, message);
    }

    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.publish(prefix + "/available", "offline".getBytes(StandardCharsets.UTF_8), 1, true);
            client.disconnect(2000);
        }
        client.close();
    }
}
