package dev.vigia.monitor.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.monitor.config.MonitorSetup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MqttEvents} against Debian's mosquitto that is down when the events come and up later. */
class MqttEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static ObjectEvent event(int n) {
        return new ObjectEvent("new", null, "street-" + n, "street", n, "person", 0.9, 0.9, new float[] {1, 2, 3, 4}, List.of(),
                List.of(), null, null, null, 1000 + n, 1000 + n, 1000 + n, null, null, null, null);
    }

    @Test
    void eventsWaitForABrokerThatIsDownKeepingTheNewestAndCountingTheRest() throws Exception {
        assumeTrue(MosquittoBroker.available(), "Debian's mosquitto is missing; .ci/run installs it");
        int port = MosquittoBroker.freePort();
        int sent = MqttConnection.BUFFERED + 150;
        MqttEvents events = new MqttEvents(new MonitorSetup.MqttSetup("127.0.0.1", port, "vigia"));
        Set<Integer> received = ConcurrentHashMap.newKeySet();
        try {
            for (int n = 0; n < sent; n++) {
                events.onEvent(event(n)); // the broker is down: nothing blocks, nothing throws
            }
            assertEquals(150, events.dropped(), "what the bounded buffer could not keep is counted");
            // Past the first reconnect attempt (after 1 s; the next is 2 s later), so the subscriber is there before the flush.
            Thread.sleep(1500);
            try (MosquittoBroker broker = new MosquittoBroker(dir, port)) {
                MqttClient subscriber = new MqttClient("tcp://127.0.0.1:" + port, "test-subscriber", new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                // The callback is set before subscribing: Paho's MqttClient.subscribe(topic, qos, listener) registers its
                // listener only after the subscription is acknowledged, and drops what arrives in between.
                subscriber.setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                        // The assertions below say what did not arrive.
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) throws Exception {
                        received.add(JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8)).get("track_id").asInt());
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {
                        // Nothing is published.
                    }
                });
                subscriber.connect(options);
                subscriber.subscribe("vigia/events", 1);
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (received.size() < MqttConnection.BUFFERED && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                subscriber.disconnect();
                subscriber.close();
                events.close();
            }
        } finally {
            events.close();
        }
        List<Integer> missing = java.util.stream.IntStream.range(sent - MqttConnection.BUFFERED, sent).filter(n -> !received.contains(n))
                .boxed().toList();
        assertEquals(MqttConnection.BUFFERED, received.size(), "the buffer's worth reached the broker once it came; missing " + missing);
        for (int n = sent - MqttConnection.BUFFERED; n < sent; n++) {
            assertTrue(received.contains(n), "the newest events are the ones kept; missing " + n);
        }
    }
}
