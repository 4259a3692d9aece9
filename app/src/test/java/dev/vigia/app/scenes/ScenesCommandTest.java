package dev.vigia.app.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.app.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code vigia scenes make} and {@code vigia scenes quiet}: one line, exit 2, nothing written. The making
 * itself is tested in pipeline's scenes package.
 */
class ScenesCommandTest {

    private static void refused(CliRun run, Path out, String says) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(says), run.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void noSequencesIsRefused(@TempDir Path dir) {
        Path out = dir.resolve("bench");
        refused(CliRun.of("scenes", "make", "--out", out.toString(), "--sequences", "0"), out, "--sequences must be 1 to 100, got 0");
    }

    @Test
    void aMissingSourceIsRefused(@TempDir Path dir) {
        Path out = dir.resolve("bench");
        refused(CliRun.of("scenes", "make", "--out", out.toString(), "--source", dir.resolve("none.mp4").toString()), out,
                "is not a file");
    }

    @Test
    void anOccluderNeedsFourNumbersABox(@TempDir Path dir) {
        Path out = dir.resolve("bench");
        refused(CliRun.of("scenes", "make", "--out", out.toString(), "--occluder", "1,2,3"), out, "give x,y,w,h per box");
    }

    @Test
    void aFolderWithFilesIsKeptUnlessOverwriteIsGiven(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        CliRun run = CliRun.of("scenes", "make", "--out", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("pass --overwrite"), run.err());
        assertEquals(List.of(out.resolve("notes.txt")), Files.list(out).toList());
    }

    @Test
    void quietCamerasNeedOneToSixtyFourCameras(@TempDir Path dir) {
        Path out = dir.resolve("quiet");
        refused(CliRun.of("scenes", "quiet", "--out", out.toString(), "--cameras", "0"), out, "--cameras must be 1 to 64, got 0");
    }

    @Test
    void quietStretchesAreARangeInSeconds(@TempDir Path dir) {
        Path out = dir.resolve("quiet");
        refused(CliRun.of("scenes", "quiet", "--out", out.toString(), "--quiet-seconds", "120,10"), out,
                "--quiet-seconds '120,10': give MIN,MAX in seconds");
        refused(CliRun.of("scenes", "quiet", "--out", out.toString(), "--quiet-seconds", "ten"), out, "e.g. 10,120");
    }
}
