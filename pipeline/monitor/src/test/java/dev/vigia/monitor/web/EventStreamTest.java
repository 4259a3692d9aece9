package dev.vigia.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.monitor.camera.CameraHealth;
import dev.vigia.monitor.camera.CameraState;
import dev.vigia.monitor.events.EventBus;
import dev.vigia.monitor.events.EventLog;
import dev.vigia.monitor.events.ObjectEvent;
import dev.vigia.monitor.events.RecentEvents;
import dev.vigia.monitor.storage.VigiaFiles;
import dev.vigia.monitor.storage.WriteFailures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dashboard viewer that stops reading its event stream must not hold back the event bus, whose
 * one thread also feeds the event log, MQTT and Kafka.
 */
class EventStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 2000;

    /** An event with a long label, so a few hundred fill any socket buffer. */
    private static ObjectEvent event(int number, String label) {
        return new ObjectEvent("update", "zone_entered", "street-" + number, "street", number, label, 0.9, 0.9,
                new float[] {1, 2, 3, 4}, List.of("door"), List.of("door"), "door", null, null, 1.0, 0, 1000.0 + number,
                null, null, null, null);
    }

    static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(200);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aViewerThatStopsReadingNeitherStallsTheBusNorStaysConnected(@TempDir Path dir) throws Exception {
        RecentEvents recent = new RecentEvents(100);
        Path log = dir.resolve(VigiaFiles.CURRENT_EVENT_LOG);
        CameraState state = new CameraState("street");
        DashboardContent content = new DashboardContent(List.of(new DashboardContent.Camera("street", "rtsp://cam/1", state,
                new CameraHealth(state))), recent, JSON::createObjectNode, JSON.createObjectNode(), () -> "", dir, null);
        try (EventBus bus = new EventBus(); DashboardServer server = DashboardServer.start("127.0.0.1", 0, null, content);
                Socket stalled = new Socket()) {
            bus.subscribe(recent);
            bus.subscribe(new EventLog(dir, new EventLog.Rotation(1L << 30, Duration.ofDays(1)), new WriteFailures()));
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = stalled.getOutputStream();
            out.write("GET /api/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await("the viewer to be listening", Duration.ofSeconds(10), () -> server.openStreams() == 1);

            String label = "person-" + "p".repeat(8192);
            for (int i = 0; i < EVENTS; i++) {
                bus.publish(event(i, label));
            }
            try {
                await("every event in the log while a viewer stalls", Duration.ofSeconds(20), () -> lines(log) == EVENTS);
            } finally {
                System.out.println("[measure] events in the log while one viewer stalls: " + lines(log) + " of " + EVENTS);
            }
            assertEquals(0, bus.dropped(), "the bus dropped events");
            await("the stalled viewer to be disconnected", Duration.ofSeconds(20), () -> server.openStreams() == 0);
            assertTrue(closedByServer(stalled), "the server closed the stalled viewer's connection");
        }
    }

    /** Reads what is left; the connection was closed when the stream ends (or is reset) rather than going quiet. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        try {
            while (in.read(buffer) >= 0) {
                // Drain what was buffered before the close.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
