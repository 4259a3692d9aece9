package dev.vigia.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.Await;
import dev.vigia.app.CliRun;
import dev.vigia.cluster.ClusterTopics;
import dev.vigia.cluster.KafkaTestBroker;
import dev.vigia.samples.SampleMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once end to end: a recording (30 s of vtest.avi, {@code mode: file} with a
 * {@code start_time}) is watched once by a single-process {@code vigia monitor}, which gives the
 * counts to match; then by a cluster worker killed with SIGKILL a third of the way through and a
 * second worker that takes the camera over and replays the recording from its start. The
 * aggregate's tumbling windows then hold exactly the single-process counts, window by window,
 * though {@code vigia.events} holds some crossings and entries twice; the aggregate's page shows
 * their totals.
 */
class AggregateReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String START = "2026-01-01T00:00:00Z";
    private static final long WINDOW_MS = 10_000;

    @TempDir
    static Path dir;

    private static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.start(dir);
    }

    @AfterAll
    static void stopAll() throws Exception {
        broker.close();
    }

    @Test
    void aWorkerKilledMidReplayCountsEachCrossingOnce() throws Exception {
        Path recording = firstFrames(SampleMedia.standard().file("vtest.avi"), 300, dir.resolve("street-0800.avi"));
        Path single = Files.writeString(dir.resolve("single.yaml"), config(recording, "single-events"));
        CliRun alone = CliRun.inChild("monitor", "--config", single.toString(), "--no-dashboard");
        assertEquals(0, alone.exitCode(), alone.err());
        Map<String, Long> expected = windowCounts(readEvents(dir.resolve("single-events/events.jsonl")));
        long crossings = expected.keySet().stream().filter(k -> k.contains("|line|")).count();
        assertTrue(crossings > 0 && expected.size() > crossings, "the recording has line crossings and zone entries: " + expected);

        Path cluster = Files.writeString(dir.resolve("cluster.yaml"), config(recording, "cluster-events"));
        CliRun add = CliRun.inChild("cameras", "add", "--kafka", broker.bootstrap(), "--config", cluster.toString());
        assertEquals(0, add.exitCode(), add.err());
        start("aggregate", "aggregate", "--kafka", broker.bootstrap(), "--window", "10s", "--hop", "5s", "--grace", "2m",
                "--port", "0", "--state-dir", dir.resolve("state").toString());
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        Process first = worker("w1", cluster);
        Await.until("a third of the counted events sent by w1", Duration.ofSeconds(180), () -> countedEvents().size() >= total / 3);
        first.destroyForcibly().waitFor();
        int sentBeforeTheKill = countedEvents().size();
        assertTrue(sentBeforeTheKill < total, "w1 was killed before the end of the recording: " + sentBeforeTheKill + " of " + total);

        worker("w2", cluster);
        Await.until("every counted event sent again by w2", Duration.ofSeconds(240), () -> countedEvents().size() >= total + sentBeforeTheKill);
        Await.until("the aggregate's windows equal the single-process counts", Duration.ofSeconds(60),
                () -> expected.equals(latestTumbling()));
        List<JsonNode> sent = countedEvents();
        assertTrue(sent.size() > total, sent.size() + " counted events in " + ClusterTopics.EVENTS + ", " + total + " distinct: the replay"
                + " sent some twice");
        assertEquals(expected, windowCounts(sent.stream().distinct().toList()), "w2 replayed the same events as the single process");
        theCountViewShowsTheTotals(expected);
    }

    /** The aggregate's page in Debian's headless Chromium: a row per camera, line or zone, class and direction, with its total. */
    private static void theCountViewShowsTheTotals(Map<String, Long> windows) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver are missing; .ci/run installs them");
        Map<String, Long> totals = new HashMap<>();
        windows.forEach((key, count) -> totals.merge(key.substring(0, key.lastIndexOf('|')), count, Long::sum));
        Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/ ").matcher(Files.readString(dir.resolve("aggregate.out")));
        assertTrue(port.find(), Files.readString(dir.resolve("aggregate.out")));
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,600");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get("http://127.0.0.1:" + port.group(1) + "/");
            Await.until("a row per count", Duration.ofSeconds(20), () -> browser.findElements(By.cssSelector("tr.count")).size() == totals.size());
            Map<String, Long> shown = new HashMap<>();
            for (WebElement row : browser.findElements(By.cssSelector("tr.count"))) {
                shown.put(row.getAttribute("data-key"), Long.parseLong(row.findElement(By.cssSelector(".total")).getText()));
            }
            assertEquals(totals, shown, "the page's totals");
            Path shot = Path.of("target", "aggregate-counts.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    private static String config(Path recording, String events) {
        return """
                detector: nanodet
                tracker: bytetrack
                cameras:
                  - name: street
                    url: %s
                    mode: file
                    start_time: "%s"
                    detect_fps: 5
                    filters: {classes: [person], min_score: 0.35}
                    zones:
                      - name: crossing
                        points: [[260, 190], [520, 190], [560, 330], [230, 330]]
                    lines:
                      - name: middle
                        points: [[400, 420], [400, 120]]
                events: {dir: %s}
                """.formatted(recording, START, events);
    }

    /** The first {@code frames} frames of {@code video}, encoded once so that every run reads the same recording. */
    private static Path firstFrames(Path video, int frames, Path out) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.start();
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), grabber.getImageWidth(), grabber.getImageHeight())) {
                recorder.setFormat("avi");
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(grabber.getFrameRate());
                recorder.setVideoBitrate(6_000_000);
                recorder.start();
                for (int i = 0; i < frames; i++) {
                    Frame frame = grabber.grabImage();
                    recorder.record(frame);
                }
                recorder.stop();
            }
            grabber.stop();
        }
        return out;
    }

    private static Process worker(String id, Path config) throws Exception {
        return start(id, "monitor", "--kafka", broker.bootstrap(), "--group", "replay", "--worker-id", id, "--no-dashboard", "--allow-local-sources",
                "--config", config.toString(), "--session-timeout", "6s");
    }

    private static Process start(String name, String... args) throws Exception {
        Process process = CliRun.childProcess(args).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        broker.owns(process);
        return process;
    }

    /** Per camera, line or zone, class, direction and tumbling window: how many crossings or entries the events hold. */
    private static Map<String, Long> windowCounts(List<JsonNode> events) {
        Map<String, Long> counts = new HashMap<>();
        for (JsonNode event : events) {
            long start = Math.floorDiv(Math.round(event.get("time").asDouble() * 1000), WINDOW_MS) * WINDOW_MS;
            boolean line = event.path("reason").asText().equals("line_crossed");
            counts.merge(String.join("|", event.path("camera").asText(), line ? "line" : "zone",
                    event.path(line ? "line" : "zone").asText(), event.path("label").asText(),
                    line ? event.path("direction").asText() : "entered", String.valueOf(start)), 1L, Long::sum);
        }
        return counts;
    }

    /** The latest committed count of each tumbling window in vigia.counts, keyed as {@link #windowCounts}. */
    private static Map<String, Long> latestTumbling() {
        Map<String, Long> latest = new HashMap<>();
        for (var record : broker.readAll(ClusterTopics.COUNTS)) {
            JsonNode window = parse(record.value());
            if (window.path("windowing").asText().equals("tumbling")) {
                latest.put(String.join("|", window.path("camera").asText(), window.path("kind").asText(), window.path("name").asText(),
                        window.path("label").asText(), window.path("direction").asText(),
                        String.valueOf(Instant.parse(window.path("window_start").asText()).toEpochMilli())),
                        window.path("count").asLong());
            }
        }
        return latest;
    }

    private static List<JsonNode> countedEvents() {
        return broker.readAll(ClusterTopics.EVENTS).stream().map(r -> parse(r.value())).filter(AggregateReplayTest::counted).toList();
    }

    private static List<JsonNode> readEvents(Path jsonl) throws IOException {
        return Files.readAllLines(jsonl).stream().map(AggregateReplayTest::parse).filter(AggregateReplayTest::counted).toList();
    }

    private static boolean counted(JsonNode event) {
        String reason = event.path("reason").asText();
        return reason.equals("line_crossed") || reason.equals("zone_entered");
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
