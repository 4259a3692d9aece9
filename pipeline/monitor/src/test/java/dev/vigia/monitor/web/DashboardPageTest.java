package dev.vigia.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.monitor.camera.CameraHealth;
import dev.vigia.monitor.camera.CameraState;
import dev.vigia.monitor.events.ObjectEvent;
import dev.vigia.monitor.events.RecentEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard page in Debian's headless Chromium, under the server's Content-Security-Policy:
 * names and labels that look like markup stay text, and the token link leaves a working session.
 */
class DashboardPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A camera name that closes an attribute in HTML built by string concatenation. */
    private static final String NAME = "x\" onerror=\"window.pwned=1\" y=\"";
    private static final String LABEL = "<img src=x onerror=window.pwned=2>";

    @BeforeAll
    static void chromium() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver are missing; .ci/run installs them");
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,800");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build(), options);
    }

    private static ObjectEvent event(int track, String clipUrl) {
        return new ObjectEvent("update", "zone_entered", NAME + "-" + track, NAME, track, LABEL, 0.9, 0.95,
                new float[] {1, 2, 3, 4}, List.of("door"), List.of("door"), "door", null, null, 1.0, 0, 1_700_000_000.0 + track,
                "snapshots/" + NAME + "/" + track + ".jpg", "/files/snapshots/" + NAME + "/" + track + ".jpg",
                "clips/" + track + ".mp4", clipUrl);
    }

    private static DashboardContent content(Path dir, String camera, RecentEvents events) {
        return content(dir, new CameraState(camera), events);
    }

    private static DashboardContent content(Path dir, CameraState state, RecentEvents events) {
        String camera = state.name();
        return new DashboardContent(List.of(new DashboardContent.Camera(camera, "rtsp://cam/1", state, new CameraHealth(state))),
                events, JSON::createObjectNode, JSON.createObjectNode(), () -> "", dir, dir);
    }

    @Test
    void namesAndLabelsThatLookLikeMarkupStayText(@TempDir Path dir) throws Exception {
        RecentEvents events = new RecentEvents(10);
        events.onEvent(event(1, "javascript:window.pwned=3"));
        CameraState camera = new CameraState(NAME);
        // Two motion boxes of a 768 x 576 frame (x1, y1, x2, y2 each).
        camera.motion(new float[] {100, 50, 180, 250, 400.4f, 300, 460, 420}, 768, 576);
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, null, content(dir, camera, events))) {
            WebDriver browser = browser();
            try {
                browser.get("http://127.0.0.1:" + server.port() + "/");
                EventStreamTest.await("the camera's tile and the stored event", Duration.ofSeconds(30),
                        () -> browser.findElements(By.cssSelector(".tile")).size() == 1
                                && browser.findElements(By.cssSelector(".event")).size() == 1);
                EventStreamTest.await("the page to listen to the event stream", Duration.ofSeconds(30), () -> server.openStreams() >= 1);
                events.onEvent(event(2, "/files/clips/2.mp4"));
                EventStreamTest.await("the live event", Duration.ofSeconds(30),
                        () -> browser.findElements(By.cssSelector(".event")).size() == 2);
                JavascriptExecutor page = (JavascriptExecutor) browser;
                assertEquals(Boolean.TRUE, page.executeScript("return window.pwned === undefined"), "script from a name or label ran");
                assertEquals(0L, page.executeScript("return document.querySelectorAll('[onerror], script:not([src])').length"));
                assertEquals(NAME, browser.findElement(By.cssSelector(".tile .name")).getText());
                assertEquals(NAME, page.executeScript("return document.querySelector('.tile').dataset.camera"));
                for (var row : browser.findElements(By.cssSelector(".event b"))) {
                    assertTrue(row.getText().startsWith(NAME + " · " + LABEL + " #"), row.getText());
                }
                assertEquals(0L, page.executeScript("return document.querySelectorAll('a[href^=\"javascript\"]').length"));
                assertEquals("/files/clips/2.mp4", page.executeScript("return document.querySelector('.event a').getAttribute('href')"));
                // The motion overlay: hidden until asked for, then the frame's boxes as rectangles in its pixels.
                assertEquals(0L, page.executeScript("return document.querySelectorAll('svg.overlay rect').length"));
                browser.findElement(By.id("motion-toggle")).click();
                EventStreamTest.await("the motion boxes", Duration.ofSeconds(30),
                        () -> ((Number) page.executeScript("return document.querySelectorAll('svg.overlay rect').length")).intValue() == 2);
                assertEquals("0 0 768 576", page.executeScript("return document.querySelector('svg.overlay').getAttribute('viewBox')"));
                assertEquals("100,50,80,200|400,300,60,120", page.executeScript("return Array.from(document.querySelectorAll('svg.overlay rect'),"
                        + " r => ['x', 'y', 'width', 'height'].map(a => r.getAttribute(a)).join(',')).join('|')"));
                assertEquals("block", page.executeScript("return getComputedStyle(document.querySelector('svg.overlay')).display"));
                browser.findElement(By.id("motion-toggle")).click();
                assertEquals(0L, page.executeScript("return document.querySelectorAll('svg.overlay rect').length"), "cleared when turned off");
                assertEquals(Boolean.TRUE, page.executeScript("return window.pwned === undefined"));
            } finally {
                browser.quit();
            }
        }
    }

    /** {@code /?token=T} once; from then on the page, its API calls, its images and its stream run on the cookie alone. */
    @Test
    void theTokenLinkLeavesACookieThatLoadsThePage(@TempDir Path dir) throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, "s3cret", content(dir, "street", new RecentEvents(10)))) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            WebDriver browser = browser();
            try {
                browser.get(base + "?token=s3cret");
                EventStreamTest.await("the camera's tile", Duration.ofSeconds(30),
                        () -> browser.findElements(By.cssSelector(".tile[data-camera='street']")).size() == 1);
                assertEquals(base, browser.getCurrentUrl(), "the token left the address bar");
                Cookie session = browser.manage().getCookieNamed(TokenGuard.COOKIE);
                assertNotNull(session);
                assertNotEquals("s3cret", session.getValue());
                assertTrue(session.isHttpOnly());
                EventStreamTest.await("the page's event stream open on the cookie", Duration.ofSeconds(30), () -> server.openStreams() >= 1);
                assertTrue(browser.findElement(By.id("summary")).getText().contains("of 1 cameras online"),
                        browser.findElement(By.id("summary")).getText());
            } finally {
                browser.quit();
            }
        }
    }
}
