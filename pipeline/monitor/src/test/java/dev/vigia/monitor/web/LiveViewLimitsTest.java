package dev.vigia.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.monitor.camera.CameraHealth;
import dev.vigia.monitor.camera.CameraState;
import dev.vigia.monitor.events.RecentEvents;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many live MJPEG viewers of offline cameras, as a dashboard left open in many tabs or a client
 * that opens and forgets: app/docs/monitoring.md caps them at 10 a camera and 50 in all; beyond, 503; health
 * and metrics still answer; viewers that vanish without a goodbye are noticed.
 */
class LiveViewLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAMERAS = 6;
    private static final int VIEWERS = 300;

    @Test
    void threeHundredViewersAreCappedAndLeaveHealthAndMetricsAnswering(@TempDir Path dir) throws Exception {
        List<DashboardContent.Camera> cameras = new ArrayList<>();
        for (int c = 0; c < CAMERAS; c++) {
            CameraState state = new CameraState("cam" + c);
            cameras.add(new DashboardContent.Camera("cam" + c, "rtsp://cam/" + c, state, new CameraHealth(state)));
        }
        DashboardContent content = new DashboardContent(cameras, new RecentEvents(10), JSON::createObjectNode,
                JSON.createObjectNode(), () -> "vigia_test 1\n", dir, null);
        List<Socket> viewers = new ArrayList<>();
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, null, content)) {
            Map<Integer, Integer> statuses = new HashMap<>();
            Map<String, Integer> openPerCamera = new HashMap<>();
            for (int i = 0; i < VIEWERS; i++) {
                String camera = "cam" + (i % CAMERAS);
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.setSoTimeout(10_000);
                viewers.add(socket);
                socket.getOutputStream().write(("GET /api/cameras/" + camera + "/stream.mjpeg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                int status = Integer.parseInt(in.readLine().split(" ")[1]);
                statuses.merge(status, 1, Integer::sum);
                if (status == 200) {
                    openPerCamera.merge(camera, 1, Integer::sum);
                } else {
                    assertEquals(503, status);
                }
            }
            assertEquals(50, statuses.get(200), "streams open in all: " + statuses);
            assertEquals(VIEWERS - 50, statuses.get(503), statuses.toString());
            openPerCamera.values().forEach(open -> assertTrue(open <= 10, "a camera with " + open + " streams: " + openPerCamera));
            assertEquals(50, server.openStreams());

            RawHttp health = RawHttp.get(server.port(), "/api/health");
            assertEquals(503, health.status(), "every camera is offline");
            assertEquals(CAMERAS, JSON.readTree(health.body()).get("cameras").asInt());
            RawHttp metrics = RawHttp.get(server.port(), "/metrics");
            assertEquals(200, metrics.status());
            assertTrue(metrics.body().contains("vigia_test 1"));
            RawHttp refused = RawHttp.get(server.port(), "/api/cameras/cam0/stream.mjpeg");
            assertEquals(503, refused.status());
            assertTrue(JSON.readTree(refused.body()).has("error"), refused.body());

            for (Socket socket : viewers) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
            EventStreamTest.await("every vanished viewer noticed", Duration.ofSeconds(30), () -> server.openStreams() == 0);
            try (Socket again = new Socket("127.0.0.1", server.port())) {
                again.setSoTimeout(10_000);
                again.getOutputStream().write("GET /api/cameras/cam0/stream.mjpeg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(again.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
                assertTrue(status.contains(" 200"), "a slot is free again: " + status);
            }
        } finally {
            for (Socket socket : viewers) {
                socket.close();
            }
        }
    }
}
