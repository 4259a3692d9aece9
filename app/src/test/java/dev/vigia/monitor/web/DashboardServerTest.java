package dev.vigia.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.monitor.camera.CameraHealth;
import dev.vigia.monitor.camera.CameraState;
import dev.vigia.monitor.events.RecentEvents;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard server's guards, spoken to over a raw socket so that no client library tidies the
 * request line ({@code ..} and its encodings reach the server as written).
 */
class DashboardServerTest {

    private static DashboardContent content(Path dir) throws Exception {
        Path snapshots = Files.createDirectories(dir.resolve("events/snapshots/street"));
        Files.writeString(snapshots.resolve("street-1765000000000-1.jpg"), "snapshot bytes");
        Files.writeString(dir.resolve("events/secret.txt"), "do not serve");
        CameraState state = new CameraState("street");
        return new DashboardContent(List.of(new DashboardContent.Camera("street", "rtsp://u:***@cam/1", state, new CameraHealth(state))),
                new RecentEvents(10), () -> new ObjectMapper().createObjectNode(), new ObjectMapper().createObjectNode(),
                () -> "vigia_test 1\n", dir.resolve("events/snapshots"), null);
    }

    /** The status line and body of one HTTP/1.1 request. */
    private static String[] get(int port, String target, String... headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            return new String[] {text.substring(0, text.indexOf("\r\n")), split < 0 ? "" : text.substring(split + 4)};
        }
    }

    @Test
    void servedFilesNeverEscapeTheirFolder(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, null, content(dir))) {
            String[] ok = get(server.port(), "/files/snapshots/street/street-1765000000000-1.jpg");
            assertTrue(ok[0].contains(" 200"), ok[0]);
            assertEquals("snapshot bytes", ok[1]);
            for (String escape : new String[] {"/files/snapshots/../secret.txt", "/files/snapshots/street/../../secret.txt",
                    "/files/snapshots/%2e%2e/secret.txt", "/files/snapshots/%2E%2E%2Fsecret.txt", "/files/snapshots/..%2fsecret.txt",
                    "/files/snapshots/street/%2e%2e%2f%2e%2e%2fsecret.txt", "/files/snapshots/%252e%252e%252fsecret.txt",
                    "/files/snapshots/..%5csecret.txt", "/files/snapshots/street%2f..%2f..%2fsecret.txt", "/files/clips/x.mp4"}) {
                String[] response = get(server.port(), escape);
                assertFalse(response[0].contains(" 200"), escape + " -> " + response[0]);
                assertFalse(response[1].contains("do not serve"), escape);
            }
        }
    }

    @Test
    void withATokenEveryRequestNeedsIt(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, "s3cret", content(dir))) {
            for (String path : new String[] {"/", "/api/cameras", "/api/health", "/metrics", "/files/snapshots/street/street-1765000000000-1.jpg"}) {
                assertTrue(get(server.port(), path)[0].contains(" 401"), path);
                assertTrue(get(server.port(), path, "Authorization: Bearer wrong")[0].contains(" 401"), path);
            }
            String[] cameras = get(server.port(), "/api/cameras", "Authorization: Bearer s3cret");
            assertTrue(cameras[0].contains(" 200"), cameras[0]);
            assertEquals("street", new ObjectMapper().readTree(cameras[1]).get(0).get("name").asText());
            assertTrue(get(server.port(), "/metrics", "Cookie: vigia_token=s3cret")[1].contains("vigia_test 1"));
        }
    }

    @Test
    void beyondLoopbackItRefusesToStartWithoutAToken(@TempDir Path dir) throws Exception {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> DashboardServer.start("0.0.0.0", 0, null, content(dir)));
        assertEquals("token", e.setting());
        assertTrue(e.getMessage().contains("0.0.0.0"), e.getMessage());
    }

    @Test
    void aPortInUseIsASettingError(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> DashboardServer.start("127.0.0.1", taken.getLocalPort(), null, content(dir)));
            assertEquals("port", e.setting());
            assertTrue(e.getMessage().contains("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), e.getMessage());
        }
    }

    @Test
    void healthIs503WhileNoCameraDeliversAndLatestIs503BeforeTheFirstFrame(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, null, content(dir))) {
            String[] health = get(server.port(), "/api/health");
            assertTrue(health[0].contains(" 503"), health[0]);
            assertEquals("down", new ObjectMapper().readTree(health[1]).get("status").asText());
            assertTrue(get(server.port(), "/api/cameras/street/latest.jpg")[0].contains(" 503"));
            assertTrue(get(server.port(), "/api/cameras/nowhere/latest.jpg")[0].contains(" 404"));
        }
    }
}
