package dev.vigia.monitor.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipRetentionTest {

    private static Path clip(Path folder, String name, int kilobytes, Duration age) throws Exception {
        Path file = Files.createDirectories(folder).resolve(name);
        Files.write(file, new byte[kilobytes * 1000]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    @Test
    void removesClipsPastTheAgeThenTheOldestUntilTheTotalFits(@TempDir Path dir) throws Exception {
        Path ancient = clip(dir.resolve("door"), "door-1.mp4", 10, Duration.ofDays(9));
        Path old = clip(dir.resolve("yard"), "yard-1.mp4", 50, Duration.ofHours(5));
        Path middle = clip(dir.resolve("door"), "door-2.mp4", 50, Duration.ofHours(3));
        Path recent = clip(dir.resolve("yard"), "yard-2.mp4", 50, Duration.ofHours(1));
        Path notAClip = clip(dir.resolve("door"), "notes.txt", 500, Duration.ofDays(30));

        // A week of age and 120 kB: the 9-day clip goes for its age, then the oldest 50 kB for the size.
        assertEquals(2, ClipRetention.sweep(dir, Duration.ofDays(7), 120_000));
        assertFalse(Files.exists(ancient));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(middle) && Files.exists(recent), "100 kB left fit");
        assertTrue(Files.exists(notAClip), "only clips are removed");
        assertEquals(0, ClipRetention.sweep(dir, Duration.ofDays(7), 120_000), "nothing more to do");
    }
}
