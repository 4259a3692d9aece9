package dev.vigia.monitor.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection that never blocks its caller and outlives its broker. Events published while
 * the broker is away wait in a queue of this class (at most {@link #BUFFERED} of them; the oldest
 * are let go first and counted) and are sent in order once it is back; what is published meanwhile
 * waits behind them. Not Paho's own offline buffer: a message published while that buffer is full
 * and being sent deletes one that was never delivered. Retained messages are state and never queue
 * (see {@link #publish}): queued, the "online" published on reconnecting pushed an event out of a
 * full queue. Paho reconnects by itself only after a first connection, so until then this class
 * retries on its own, 1 s doubling to 30 s. {@code onConnect} runs after every (re)connection, so
 * retained state a restarted broker forgot is published again. The last will is what the broker
 * publishes when this process dies.
 */
final class MqttConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    static final int BUFFERED = 1000;
    private static final long LONGEST_RETRY_MILLIS = 30_000;

    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final ScheduledExecutorService retries;
    private final Runnable onConnect;
    private final AtomicLong dropped = new AtomicLong();
    /** What waits for the broker, oldest first; guarded by {@code this}. */
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    /** True while the backlog is being sent: new messages queue behind it; guarded by {@code this}. */
    private boolean draining;
    private long retryMillis = 1000;
    private volatile boolean warned;
    private volatile boolean closed;

    MqttConnection(String serverUri, String clientId, String willTopic, String willPayload, ScheduledExecutorService retries,
            Runnable onConnect) throws MqttException {
        this.retries = retries;
        this.onConnect = onConnect;
        this.client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        options.setMaxReconnectDelay((int) LONGEST_RETRY_MILLIS);
        // Room for the whole backlog sent at once on reconnecting; past the limit the backlog waits a little.
        options.setMaxInflight(2 * BUFFERED);
        options.setWill(willTopic, willPayload.getBytes(StandardCharsets.UTF_8), 1, true);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (warned) {
                    LOG.info("MQTT broker {} reached again", serverURI);
                }
                warned = false;
                onConnect.run();
                sendBacklogSoon();
            }

            @Override
            public void connectionLost(Throwable cause) {
                warn(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Nothing is subscribed.
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // QoS 1 acknowledged; nothing to do.
            }
        });
        connect();
    }

    /** The first connection; Paho's automatic reconnect takes over once it succeeded. */
    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete above has run.
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    warn(cause);
                    retryLater();
                }
            });
        } catch (MqttException e) {
            warn(e);
            retryLater();
        }
    }

    private synchronized void retryLater() {
        if (closed) {
            return;
        }
        long wait = retryMillis;
        retryMillis = Math.min(LONGEST_RETRY_MILLIS, retryMillis * 2);
        retries.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    }

    private void warn(Throwable cause) {
        if (!warned) {
            warned = true;
            LOG.warn("MQTT broker {} cannot be reached ({}); messages wait for it (at most {})", client.getServerURI(),
                    cause == null ? "connection lost" : cause.getMessage(), BUFFERED);
        }
    }

    /**
     * Sends now, or keeps the message until the broker is back. A retained message is state, not an
     * event: it never waits in the queue (where it would push out an event), because {@code onConnect}
     * publishes the latest state again after every connection.
     */
    void publish(String topic, String payload, boolean retained) {
        Waiting message = new Waiting(topic, payload.getBytes(StandardCharsets.UTF_8), retained);
        if (retained) {
            if (client.isConnected() && send(message) == Sent.LIMIT) {
                dropped.incrementAndGet(); // the next connection publishes the state again; until then it is counted
            }
            return;
        }
        synchronized (this) {
            if (!draining && waiting.isEmpty() && client.isConnected()) {
                Sent sent = send(message);
                if (sent == Sent.YES || sent == Sent.REFUSED) {
                    return;
                }
                // Not connected any more, or the in-flight window is full: it waits, in order, with what follows.
            }
            if (waiting.size() >= BUFFERED) {
                waiting.removeFirst();
                if (dropped.incrementAndGet() == 1) {
                    LOG.warn("MQTT broker {} still away and {} messages wait: the oldest are let go from now on, and counted",
                            client.getServerURI(), BUFFERED);
                }
            }
            waiting.addLast(message);
            if (client.isConnected()) {
                sendBacklogSoon(); // connected meanwhile, or the window was full: nothing else would start the sending
            }
        }
    }

    private enum Sent { YES, NOT_CONNECTED, LIMIT, REFUSED }

    /** One attempt; a message the client refuses for another reason than the connection is given up and counted. */
    private Sent send(Waiting message) {
        MqttMessage mqtt = new MqttMessage(message.payload());
        mqtt.setQos(1);
        mqtt.setRetained(message.retained());
        try {
            client.publish(message.topic(), mqtt);
            return Sent.YES;
        } catch (MqttException e) {
            if (!client.isConnected()) {
                return Sent.NOT_CONNECTED;
            }
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                return Sent.LIMIT;
            }
            dropped.incrementAndGet();
            LOG.debug("MQTT message on {} not sent: {}", message.topic(), e.getMessage());
            return Sent.REFUSED;
        }
    }

    private synchronized void sendBacklogSoon() {
        if (!draining && !waiting.isEmpty()) {
            draining = true;
            retries.execute(this::sendBacklog);
        }
    }

    /** Sends what waited, oldest first, until it is all gone or the connection is lost again (the next connection goes on). */
    private void sendBacklog() {
        while (true) {
            synchronized (this) {
                Waiting next = waiting.peekFirst();
                if (next == null || closed) {
                    draining = false;
                    return;
                }
                Sent sent = send(next);
                if (sent == Sent.NOT_CONNECTED) {
                    draining = false;
                    return;
                }
                if (sent != Sent.LIMIT) {
                    waiting.removeFirst();
                    continue;
                }
            }
            try {
                Thread.sleep(20); // acknowledgements free room in flight
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (this) {
                    draining = false;
                }
                return;
            }
        }
    }

    private record Waiting(String topic, byte[] payload, boolean retained) {}

    boolean connected() {
        return client.isConnected();
    }

    /** Messages given up on: pushed out of the full queue of those waiting for the broker, or refused by the client. */
    long dropped() {
        return dropped.get();
    }

    /** Publishes {@code topic} = {@code payload} if connected (waiting up to 2 s for it), then disconnects. */
    void close(String topic, String payload) {
        closed = true;
        try {
            if (client.isConnected()) {
                client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true).waitForCompletion(2000);
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT close of {}: {}", topic, e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT client not released: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT client not released: {}", e.getMessage());
        }
    }
}
