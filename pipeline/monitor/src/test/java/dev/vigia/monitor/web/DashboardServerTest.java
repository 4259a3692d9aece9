package dev.vigia.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.monitor.camera.CameraHealth;
import dev.vigia.monitor.camera.CameraState;
import dev.vigia.monitor.events.RecentEvents;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard server's guards, spoken to over a raw socket ({@link RawHttp}). */
class DashboardServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static DashboardContent content(Path dir) throws Exception {
        Path snapshots = Files.createDirectories(dir.resolve("events/snapshots/street"));
        Path clips = Files.createDirectories(dir.resolve("events/clips/street"));
        Files.writeString(snapshots.resolve("street-1765000000000-1.jpg"), "snapshot bytes");
        Files.writeString(clips.resolve("street-20261206-101500.mp4"), "clip bytes");
        Files.writeString(dir.resolve("events/secret.txt"), "do not serve");
        CameraState state = new CameraState("street");
        return new DashboardContent(List.of(new DashboardContent.Camera("street", "rtsp://u:***@cam/1", state, new CameraHealth(state))),
                new RecentEvents(10), () -> JSON.createObjectNode().put("frames", 7), JSON.createObjectNode().put("cameras", 1),
                () -> "vigia_test 1\n", dir.resolve("events/snapshots"), dir.resolve("events/clips"));
    }

    @Test
    void servedFilesNeverEscapeTheirFolder(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, null, content(dir))) {
            RawHttp ok = RawHttp.get(server.port(), "/files/snapshots/street/street-1765000000000-1.jpg");
            assertEquals(200, ok.status(), ok.statusLine());
            assertEquals("snapshot bytes", ok.body());
            for (String escape : new String[] {"/files/snapshots/../secret.txt", "/files/snapshots/street/../../secret.txt",
                    "/files/snapshots/%2e%2e/secret.txt", "/files/snapshots/%2E%2E%2Fsecret.txt", "/files/snapshots/..%2fsecret.txt",
                    "/files/snapshots/street/%2e%2e%2f%2e%2e%2fsecret.txt", "/files/snapshots/%252e%252e%252fsecret.txt",
                    "/files/snapshots/..%5csecret.txt", "/files/snapshots/street%2f..%2f..%2fsecret.txt", "/files/clips/../secret.txt"}) {
                RawHttp response = RawHttp.get(server.port(), escape);
                assertNotEquals(200, response.status(), escape + " -> " + response.statusLine());
                assertFalse(response.body().contains("do not serve"), escape);
            }
        }
    }

    /** A browser asks for HTML; what the request carried must not come back as a page (reflected XSS). */
    @Test
    void errorsAreJsonAndNeverRepeatTheRequest(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, null, content(dir))) {
            String[][] probes = {
                {"GET /api/events?limit=%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1", "400"},
                {"GET /api/events?after=%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1", "400"},
                {"GET /api/cameras/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/latest.jpg HTTP/1.1", "404"},
                {"GET /api/cameras/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/stream.mjpeg HTTP/1.1", "404"},
                {"GET /%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1", "404"},
                {"POST /api/cameras?x=%3Cscript%3E HTTP/1.1", "405"},
            };
            for (String[] probe : probes) {
                RawHttp response = RawHttp.send(server.port(), probe[0] + "\r\nHost: 127.0.0.1\r\n",
                        "Accept: text/html,application/xhtml+xml", "Content-Length: 0");
                assertEquals(Integer.parseInt(probe[1]), response.status(), probe[0] + " -> " + response.statusLine());
                assertTrue(response.header("Content-Type").startsWith("application/json"), probe[0] + " -> " + response.header("Content-Type"));
                assertFalse(response.body().toLowerCase().contains("<script") || response.body().toLowerCase().contains("<img"),
                        probe[0] + " -> " + response.body());
                assertTrue(JSON.readTree(response.body()).get("error").isTextual(), response.body());
            }
        }
    }

    @Test
    void everyAnswerCarriesTheHeadersThatKeepScriptOut(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, "s3cret", content(dir))) {
            List<RawHttp> answers = List.of(RawHttp.get(server.port(), "/", "Authorization: Bearer s3cret"),
                    RawHttp.get(server.port(), "/dashboard.js", "Authorization: Bearer s3cret"),
                    RawHttp.get(server.port(), "/api/health", "Authorization: Bearer s3cret"),
                    RawHttp.get(server.port(), "/nowhere", "Authorization: Bearer s3cret"),
                    RawHttp.get(server.port(), "/api/cameras"),
                    RawHttp.send(server.port(), "GET /api/cameras HTTP/1.1\r\nHost: evil.example\r\n"),
                    RawHttp.send(server.port(), "GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
            for (RawHttp answer : answers) {
                assertEquals("nosniff", answer.header("X-Content-Type-Options"), answer.statusLine());
                assertEquals("default-src 'self'; frame-ancestors 'none'", answer.header("Content-Security-Policy"), answer.statusLine());
                assertEquals("no-referrer", answer.header("Referrer-Policy"), answer.statusLine());
            }
            assertEquals(400, answers.get(6).status(), "a request line Jetty refuses itself");
            assertTrue(answers.get(6).header("Content-Type").startsWith("application/json"), answers.get(6).head());
        }
    }

    /** DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 sends {@code Host: evil.example}. */
    @Test
    void aHostThatIsNotTheServersOwnIsRefused(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, null, List.of("cams.example"), content(dir))) {
            int port = server.port();
            for (String host : new String[] {"evil.example", "evil.example:" + port, "127.0.0.1.evil.example", "localhost.evil.example",
                    "10.1.2.3", "", "cams.example.evil"}) {
                RawHttp refused = RawHttp.send(port, "GET /api/cameras HTTP/1.1\r\nHost: " + host + "\r\n");
                assertTrue(refused.status() == 403 || refused.status() == 421 || refused.status() == 400, host + " -> " + refused.statusLine());
                assertFalse(refused.body().contains("street"), host);
            }
            RawHttp rebound = RawHttp.send(port, "GET /api/cameras HTTP/1.1\r\nHost: evil.example\r\n");
            assertEquals(403, rebound.status());
            assertTrue(JSON.readTree(rebound.body()).has("error"), rebound.body());
            for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "127.0.0.2",
                    "cams.example", "Cams.Example:" + port}) {
                RawHttp allowed = RawHttp.send(port, "GET /api/cameras HTTP/1.1\r\nHost: " + host + "\r\n");
                assertEquals(200, allowed.status(), host + " -> " + allowed.statusLine());
                assertEquals("street", JSON.readTree(allowed.body()).get(0).get("name").asText());
            }
        }
    }

    @Test
    void withATokenEveryRouteNeedsIt(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, "s3cret", content(dir))) {
            String[] routes = {"/", "/dashboard.js", "/dashboard.css", "/api/health", "/api/cameras", "/api/cameras/street/latest.jpg",
                "/api/cameras/street/stream.mjpeg", "/api/events", "/api/events/stream", "/api/stats", "/api/config", "/metrics",
                "/files/snapshots/street/street-1765000000000-1.jpg", "/files/clips/street/street-20261206-101500.mp4", "/nowhere"};
            for (String route : routes) {
                for (String[] credentials : new String[][] {{}, {"Authorization: Bearer wrong"}, {"Cookie: vigia_session=s3cret"},
                        {"Cookie: vigia_token=s3cret"}, {"Authorization: s3cret"}}) {
                    // The token in the query opens nothing but the page's own link, which is below.
                    String target = route.equals("/") ? route : route + "?token=s3cret";
                    RawHttp refused = RawHttp.get(server.port(), target, credentials);
                    assertEquals(401, refused.status(), route + " " + String.join(",", credentials) + " -> " + refused.statusLine());
                    assertTrue(refused.header("Content-Type").startsWith("application/json"), route + " -> " + refused.head());
                    assertFalse(refused.body().contains("snapshot bytes") || refused.body().contains("vigia_test")
                            || refused.body().contains("street"), route);
                }
            }
            RawHttp cameras = RawHttp.get(server.port(), "/api/cameras", "Authorization: Bearer s3cret");
            assertEquals(200, cameras.status(), cameras.statusLine());
            assertEquals("street", JSON.readTree(cameras.body()).get(0).get("name").asText());
            assertEquals("clip bytes", RawHttp.get(server.port(), "/files/clips/street/street-20261206-101500.mp4", "Authorization: Bearer s3cret").body());
        }
    }

    /** {@code /?token=T} trades the token for a session cookie that is not the token, and sends the browser to {@code /}. */
    @Test
    void theTokenLinkSetsASessionCookieAndLeavesTheAddressBar(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, "s3cret", content(dir))) {
            assertEquals(401, RawHttp.get(server.port(), "/?token=wrong").status());
            RawHttp link = RawHttp.get(server.port(), "/?token=s3cret");
            assertEquals(303, link.status(), link.statusLine());
            assertEquals("/", link.header("Location"));
            String cookie = link.header("Set-Cookie");
            assertNotNull(cookie, link.head());
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            String session = cookie.substring(0, cookie.indexOf(';'));
            assertTrue(session.startsWith("vigia_session="), session);
            assertFalse(session.contains("s3cret"), session);
            assertTrue(session.length() > "vigia_session=".length() + 20, session);
            RawHttp again = RawHttp.get(server.port(), "/?token=s3cret", "Cookie: " + session);
            assertEquals(303, again.status(), "the link leaves the address bar for a browser with the cookie too");
            RawHttp metrics = RawHttp.get(server.port(), "/metrics", "Cookie: " + session);
            assertEquals(200, metrics.status(), metrics.statusLine());
            assertTrue(metrics.body().contains("vigia_test 1"));
            try (DashboardServer other = DashboardServer.start("127.0.0.1", 0, "s3cret", content(dir.resolve("other")))) {
                assertEquals(401, RawHttp.get(other.port(), "/metrics", "Cookie: " + session).status(),
                        "a cookie of one server run does not open another");
            }
        }
    }

    /** Under the CSP an inline script would not run, and innerHTML is how names became markup: neither is served. */
    @Test
    void thePageHasNoInlineScriptAndNeverUsesInnerHtml(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, null, content(dir))) {
            RawHttp page = RawHttp.get(server.port(), "/");
            RawHttp script = RawHttp.get(server.port(), "/dashboard.js");
            RawHttp style = RawHttp.get(server.port(), "/dashboard.css");
            assertTrue(page.body().contains("<script src=\"/dashboard.js\""), page.body());
            assertFalse(page.body().contains("<script>") || page.body().contains("<style>"), page.body());
            assertTrue(script.header("Content-Type").startsWith("text/javascript"), script.head());
            assertTrue(style.header("Content-Type").startsWith("text/css"), style.head());
            assertTrue(script.body().contains("createElement"), "the script is served");
            assertFalse(script.body().contains("innerHTML") || script.body().contains("outerHTML")
                    || script.body().contains("insertAdjacentHTML"), "markup built from strings");
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
            RawHttp health = RawHttp.get(server.port(), "/api/health");
            assertEquals(503, health.status(), health.statusLine());
            assertEquals("down", JSON.readTree(health.body()).get("status").asText());
            assertEquals(503, RawHttp.get(server.port(), "/api/cameras/street/latest.jpg").status());
            assertEquals(404, RawHttp.get(server.port(), "/api/cameras/nowhere/latest.jpg").status());
        }
    }
}
