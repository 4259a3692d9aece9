package dev.vigia.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.Main;
import dev.vigia.config.VigiaHome;
import dev.vigia.monitor.events.MosquittoBroker;
import dev.vigia.samples.SampleMedia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigia monitor} killed with SIGKILL while it records a clip: the clip plays up to about a
 * second before the kill (fragments of at most a second reach the file as they are made) and
 * events.jsonl holds only whole lines, and Debian's mosquitto publishes each camera's last will,
 * {@code offline}. The monitor runs as a user runs it, in a JVM of its own, on
 * vtest.avi played as a live camera.
 */
class MonitorKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a killed monitor may lose of a clip: one fragment of at most a second, and a little slack for the encoder. */
    private static final double LOSS_ALLOWED_SECONDS = 1.5;

    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private final Map<String, String> status = new ConcurrentHashMap<>();

    @Test
    void aKilledMonitorLeavesPlayableClipsWholeEventLinesAndItsCamerasOffline() throws Exception {
        assumeTrue(MosquittoBroker.available(), "Debian's mosquitto is missing; .ci/run installs it");
        broker = new MosquittoBroker(Files.createDirectories(dir.resolve("broker")));
        MqttClient subscriber = new MqttClient("tcp://127.0.0.1:" + broker.port(), "test-subscriber", new MemoryPersistence());
        subscriber.connect();
        subscriber.subscribe("vigia/+/status", 1, (topic, message) -> status.put(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
        Path video = SampleMedia.standard().file("vtest.avi");
        Path config = dir.resolve("cameras.yaml");
        // A long post_capture keeps one clip open: people are in view from the first frame.
        Files.writeString(config, """
                cameras:
                  - name: street
                    url: %s
                    detect_fps: 2
                    filters: {classes: [person], min_score: 0.35}
                recordings: {dir: clips, pre_capture: 1, post_capture: 60}
                events: {dir: events}
                mqtt: {host: 127.0.0.1, port: %d, topic_prefix: vigia}
                """.formatted(video, broker.port()));
        Process monitor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + VigiaHome.PROPERTY + "=" + VigiaHome.resolve(), "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "monitor", "--config", config.toString(), "--no-dashboard")
                .redirectErrorStream(true).redirectOutput(dir.resolve("monitor.log").toFile()).start();
        Path clip;
        long clipSeenNanos;
        long killedNanos;
        try {
            clip = awaitClip(dir.resolve("clips"), monitor);
            awaitStatus("online", monitor);
            clipSeenNanos = System.nanoTime();
            // Several seconds of recording, so several fragments, then the kill.
            Thread.sleep(6000);
            assertTrue(monitor.isAlive(), "the monitor still runs: " + log());
        } finally {
            monitor.destroyForcibly(); // SIGKILL on Linux
            killedNanos = System.nanoTime();
            monitor.waitFor(10, TimeUnit.SECONDS);
        }
        double recordedSeconds = (killedNanos - clipSeenNanos) / 1e9;
        double[] framesAndRate = play(clip);
        double playableSeconds = framesAndRate[0] / framesAndRate[1];
        assertTrue(playableSeconds >= recordedSeconds - LOSS_ALLOWED_SECONDS,
                clip.getFileName() + " plays " + playableSeconds + " s (" + (long) framesAndRate[0] + " frames at " + framesAndRate[1]
                        + " fps) of the " + recordedSeconds + " s it was recorded before the kill");

        // Nobody said goodbye: the broker publishes each camera's last will.
        awaitStatus("offline", monitor);
        subscriber.disconnect();
        subscriber.close();

        List<String> lines = Files.readAllLines(dir.resolve("events/events.jsonl"), StandardCharsets.UTF_8);
        assertFalse(lines.isEmpty(), "events were logged before the kill");
        for (String line : lines) {
            assertEquals("street", JSON.readTree(line).get("camera").asText(), "a whole JSON line: " + line);
        }
        assertTrue(Files.readString(dir.resolve("events/events.jsonl")).endsWith("\n"), "the last line is whole too");
    }

    private void awaitStatus(String wanted, Process monitor) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!wanted.equals(status.get("vigia/street/status"))) {
            assertTrue(System.nanoTime() < deadline, "no retained '" + wanted + "' for the camera within 30 s: " + status + "; " + log());
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.close();
        }
    }

    /** Waits for the first clip file to hold a fragment (more than its header). */
    private Path awaitClip(Path clips, Process monitor) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(monitor.isAlive(), "the monitor ended early: " + log());
            if (Files.isDirectory(clips)) {
                try (var files = Files.walk(clips)) {
                    Path found = files.filter(p -> p.toString().endsWith(".mp4")).findFirst().orElse(null);
                    if (found != null) {
                        return found;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no clip was started within 120 s: " + log());
    }

    /** Frames that decode from {@code clip}, and its frame rate, as FFmpeg reads the file. */
    private static double[] play(Path clip) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toString())) {
            grabber.start();
            int frames = 0;
            for (Frame frame = grabber.grabImage(); frame != null; frame = grabber.grabImage()) {
                frames++;
            }
            return new double[] {frames, grabber.getFrameRate()};
        }
    }

    private String log() {
        try {
            String text = Files.readString(dir.resolve("monitor.log"));
            return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
