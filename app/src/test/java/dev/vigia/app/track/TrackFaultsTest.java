package dev.vigia.app.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import dev.vigia.models.detect.ObjectDetectionExports;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Faults a user meets with real processes: a killed run, a broken model, a second run into the same folder. */
class TrackFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * SIGKILL gives the process no chance to finish anything: what is on disk must already be
     * valid. The MP4 keeps all but about the last second (vtest is 10 fps), the JSON Lines file
     * ends on a whole line.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aKilledRunLeavesAPlayableVideoAndWholeLines(@TempDir Path out) throws Exception {
        Path vtest = SampleMedia.standard().file("vtest.avi");
        Process child = CliRun.childProcess("track", "--source", vtest.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("child.log").toFile()).start();
        Path jsonl = out.resolve("vtest.jsonl");
        while (!Files.exists(jsonl) || Files.readAllLines(jsonl).size() < 150) {
            assertTrue(child.isAlive(), "child ended early: " + Files.readString(out.resolve("child.log")));
            Thread.sleep(100);
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        byte[] bytes = Files.readAllBytes(jsonl);
        assertEquals('\n', bytes[bytes.length - 1], "the JSON Lines file ends on a whole line");
        List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        for (String line : lines) {
            JSON.readTree(line);
        }
        int fps = 10;
        int videoFrames = TrackCommandTest.framesAndFps(out.resolve("vtest.mp4"))[0];
        System.out.printf("killed after %d JSON lines: the MP4 decodes %d frames%n", lines.size(), videoFrames);
        assertTrue(videoFrames >= lines.size() - 2 * fps, videoFrames + " frames in the video for " + lines.size() + " lines");
        byte[] mot = Files.readAllBytes(out.resolve("vtest.mot.txt"));
        assertTrue(mot.length == 0 || mot[mot.length - 1] == '\n', "the MOT file ends on a whole line");
    }

    @Test
    void aDetectorThatFailsOnEveryFrameFailsTheRunInOneLine(@TempDir Path models, @TempDir Path out) throws Exception {
        ModelStore.standard().importModel(ObjectDetectionExports.buildFailingAtInference(models), "test-failing", "ssd");
        CliRun run = CliRun.inChild("track", "--source", SampleMedia.standard().file("vtest.avi").toString(),
                "--detector", "test-failing", "--out", out.toString(), "--stats-json", out.resolve("stats.json").toString());
        assertEquals(1, run.exitCode(), run.err());
        List<String> errLines = run.err().strip().lines().toList();
        String last = errLines.get(errLines.size() - 1);
        assertTrue(last.matches("vigia: stage 'detect' failed on \\d+ of \\d+ frames; first error: .+"), last);
        assertTrue(!run.err().contains("\tat ") && !run.err().contains("Caused by"), "no stack trace: " + run.err());
        assertTrue(JSON.readTree(out.resolve("stats.json").toFile()).get("stage_failures").get("detect").asLong() >= 10,
                "the stats say which stage failed");
    }

    @Test
    void anEarlierRunsOutputsAreKeptUnlessOverwriteIsGiven(@TempDir Path out) throws Exception {
        String vtest = SampleMedia.standard().file("vtest.avi").toString();
        assertEquals(0, CliRun.of("track", "--source", vtest, "--out", out.toString(), "--max-frames", "5").exitCode());
        byte[] video = Files.readAllBytes(out.resolve("vtest.mp4"));
        byte[] lines = Files.readAllBytes(out.resolve("vtest.jsonl"));

        CliRun again = CliRun.inChild("track", "--source", vtest, "--out", out.toString(), "--max-frames", "8");
        assertTrue(again.isOneLineUserError(), again.err());
        assertTrue(again.err().contains("--overwrite"), again.err());
        // A mistyped flag is found before any output is opened, with or without --overwrite.
        CliRun typo = CliRun.inChild("track", "--source", vtest, "--out", out.toString(), "--nms", "gredy", "--overwrite");
        assertTrue(typo.isOneLineUserError(), typo.err());
        CliRun badDuration = CliRun.inChild("track", "--source", vtest, "--out", out.toString(), "--duration", "soon", "--overwrite");
        assertTrue(badDuration.isOneLineUserError(), badDuration.err());
        assertArrayEquals(video, Files.readAllBytes(out.resolve("vtest.mp4")), "the earlier video is untouched");
        assertArrayEquals(lines, Files.readAllBytes(out.resolve("vtest.jsonl")));

        Files.writeString(out.resolve("snapshots").resolve("vtest").resolve("track-999.jpg"), "stale");
        assertEquals(0, CliRun.of("track", "--source", vtest, "--out", out.toString(), "--max-frames", "8", "--overwrite").exitCode());
        assertEquals(8, Files.readAllLines(out.resolve("vtest.jsonl")).size());
        assertTrue(!Files.exists(out.resolve("snapshots").resolve("vtest").resolve("track-999.jpg")), "no stale snapshot mixed in");
    }

    @Test
    void aVideoIsNeverItsOwnOutput(@TempDir Path out) throws Exception {
        Path copy = Files.copy(SampleMedia.standard().file("vtest.avi"), out.resolve("vtest.mp4"));
        byte[] before = Files.readAllBytes(copy);
        CliRun run = CliRun.inChild("track", "--source", copy.toString(), "--out", out.toString(), "--overwrite");
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("is the input video itself"), run.err());
        assertArrayEquals(before, Files.readAllBytes(copy));
    }
}
