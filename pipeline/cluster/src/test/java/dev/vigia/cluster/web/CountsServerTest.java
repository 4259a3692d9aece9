package dev.vigia.cluster.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.cluster.CountAggregate;
import dev.vigia.cluster.KafkaConnection;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The counts server's guards, which are the dashboard's: Host check, security headers, errors as
 * JSON. No broker is needed for these: the aggregate is created, not started, and the committed
 * view's consumer looks for a broker that is not there.
 */
class CountsServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Status line, headers and body of one request, as written. */
    private static String[] exchange(int port, String requestLineAndHost, String... headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(requestLineAndHost).append("Connection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            return new String[] {text.substring(0, text.indexOf("\r\n")), text.substring(0, split), text.substring(split + 4)};
        }
    }

    @Test
    void theCountsServerRefusesForeignHostsAndAnswersErrorsAsJson(@TempDir Path dir) throws Exception {
        CountAggregate aggregate = new CountAggregate(KafkaConnection.to("127.0.0.1:1"), "counts-server-test",
                new CountAggregate.Windows(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofSeconds(5)), dir);
        try (aggregate; CountsServer server = CountsServer.start(0, aggregate, KafkaConnection.to("127.0.0.1:1"))) {
            int port = server.port();
            String[] page = exchange(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            assertTrue(page[0].contains(" 200"), page[0]);
            assertFalse(page[2].contains("<script>"), "no inline script under the CSP");
            assertTrue(page[1].contains("Content-Security-Policy: default-src 'self'; frame-ancestors 'none'"), page[1]);
            assertTrue(page[1].contains("X-Content-Type-Options: nosniff"), page[1]);
            assertTrue(exchange(port, "GET /counts.js HTTP/1.1\r\nHost: localhost\r\n")[2].contains("function render"));

            String[] rebound = exchange(port, "GET /api/counts/committed HTTP/1.1\r\nHost: evil.example\r\n");
            assertTrue(rebound[0].contains(" 403"), rebound[0]);
            assertTrue(JSON.readTree(rebound[2]).has("error"), rebound[2]);

            String[] notRunning = exchange(port, "GET /api/counts?camera=%3Cscript%3E HTTP/1.1\r\nHost: 127.0.0.1\r\n", "Accept: text/html");
            assertTrue(notRunning[0].contains(" 503"), notRunning[0]);
            assertTrue(notRunning[1].contains("Content-Type: application/json"), notRunning[1]);
            assertEquals("The aggregate is created", JSON.readTree(notRunning[2]).get("error").asText());

            String[] missing = exchange(port, "GET /%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1\r\nHost: 127.0.0.1\r\n", "Accept: text/html");
            assertTrue(missing[0].contains(" 404"), missing[0]);
            assertTrue(missing[1].contains("Content-Type: application/json"), missing[1]);
            assertFalse(missing[2].contains("<script"), missing[2]);
        }
    }

    /** Its script, now a file of its own, runs under the server's CSP: the summary leaves "connecting…". */
    @Test
    void theCountViewRunsUnderItsContentSecurityPolicy(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver are missing; .ci/run installs them");
        CountAggregate aggregate = new CountAggregate(KafkaConnection.to("127.0.0.1:1"), "counts-page-test",
                new CountAggregate.Windows(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofSeconds(5)), dir);
        try (aggregate; CountsServer server = CountsServer.start(0, aggregate, KafkaConnection.to("127.0.0.1:1"))) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage");
            WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build(), options);
            try {
                browser.get("http://127.0.0.1:" + server.port() + "/");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!browser.findElement(By.id("summary")).getText().startsWith("0 cameras, 0 windows") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertTrue(browser.findElement(By.id("summary")).getText().startsWith("0 cameras, 0 windows"),
                        browser.findElement(By.id("summary")).getText());
                assertTrue(browser.findElement(By.id("empty")).isDisplayed());
            } finally {
                browser.quit();
            }
        }
    }
}
