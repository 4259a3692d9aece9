package dev.vigia.app.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.app.Main;
import dev.vigia.config.VigiaHome;
import dev.vigia.samples.SampleMedia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGINT to a child {@code vigia track} in the middle of a file leaves finished, consistent outputs. */
class CtrlCTest {

    /** A guard against a child that hangs, not a speed limit. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void interruptMidFileLeavesAPlayableVideoWithEveryTrackedFrame(@TempDir Path out) throws Exception {
        SampleMedia.standard().file("vtest.avi");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + VigiaHome.PROPERTY + "=" + VigiaHome.resolve(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "track", "--source", SampleMedia.standard().file("vtest.avi").toString(),
                "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("child.log").toFile()).start();
        Path jsonl = out.resolve("vtest.jsonl");
        while (!Files.exists(jsonl) || Files.readAllLines(jsonl).size() < 20) {
            assertTrue(child.isAlive(), "child ended early: " + Files.readString(out.resolve("child.log")));
            Thread.sleep(200);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not stop after Ctrl-C");
        String log = Files.readString(out.resolve("child.log"), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), log);
        assertTrue(log.contains("Stopping"), log);

        List<String> frames = Files.readAllLines(jsonl);
        assertTrue(frames.size() < 795, "stopped mid-file");
        int videoFrames = TrackCommandTest.framesAndFps(out.resolve("vtest.mp4"))[0];
        assertEquals(frames.size(), videoFrames, "the video holds every frame the JSON Lines file has");
        int lastMotFrame = Files.readAllLines(out.resolve("vtest.mot.txt")).stream()
                .mapToInt(line -> Integer.parseInt(line.substring(0, line.indexOf(',')))).max().orElse(0);
        assertTrue(lastMotFrame <= videoFrames, "every frame in the MOT file is in the video");
        assertTrue(Files.size(out.resolve("vtest.tracks.csv")) > 0, "the per-track summary was written at stop");
    }
}
