package dev.vigia.monitor.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.monitor.storage.VigiaFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipRetentionTest {

    private static Path file(Path folder, String name, int kilobytes, Duration age) throws Exception {
        Path file = Files.createDirectories(folder).resolve(name);
        Files.write(file, new byte[kilobytes * 1000]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    @Test
    void removesClipsPastTheAgeThenTheOldestUntilTheTotalFits(@TempDir Path dir) throws Exception {
        Path ancient = file(dir.resolve("door"), "door-20261120-080000.mp4", 10, Duration.ofDays(9));
        Path old = file(dir.resolve("yard"), "yard-20261206-050000.mp4", 50, Duration.ofHours(5));
        Path middle = file(dir.resolve("door"), "door-20261206-070000.mp4", 50, Duration.ofHours(3));
        Path recent = file(dir.resolve("yard"), "yard-20261206-090000-2.mp4", 50, Duration.ofHours(1));
        Path notAClip = file(dir.resolve("door"), "notes.txt", 500, Duration.ofDays(30));

        // A week of age and 120 kB: the 9-day clip goes for its age, then the oldest 50 kB for the size.
        assertEquals(2, ClipRetention.sweep(dir, Duration.ofDays(7), 120_000));
        assertFalse(Files.exists(ancient));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(middle) && Files.exists(recent), "100 kB left fit");
        assertTrue(Files.exists(notAClip), "only clips are removed");
        assertEquals(0, ClipRetention.sweep(dir, Duration.ofDays(7), 120_000), "nothing more to do");
    }

    /** {@code recordings: {dir: .}}: the user's own videos beside the config are not Vigía's clips and stay. */
    @Test
    void aFolderSharedWithTheUsersVideosLosesOnlyClips(@TempDir Path dir) throws Exception {
        Path ownVideo = file(dir, "wedding.mp4", 100, Duration.ofDays(400));
        Path ownInFolder = file(dir.resolve("holiday"), "holiday-beach.mp4", 100, Duration.ofDays(400));
        Path otherCamerasName = file(dir.resolve("door"), "yard-20261120-080000.mp4", 100, Duration.ofDays(400));
        Path clip = file(dir.resolve("door"), "door-20261120-080000.mp4", 10, Duration.ofDays(9));

        assertEquals(1, ClipRetention.sweep(dir, Duration.ofDays(7), 1));
        assertFalse(Files.exists(clip));
        assertTrue(Files.exists(ownVideo) && Files.exists(ownInFolder) && Files.exists(otherCamerasName));
    }

    /** The clip name ClipRecorder gives is the form retention and the dashboard know. */
    @Test
    void theRecordersClipNamesAreVigiasClipForm(@TempDir Path dir) {
        MonitorSetup.RecordingSetup setup = new MonitorSetup.RecordingSetup(dir, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofDays(1), 1_000_000, Duration.ofMinutes(5));
        try (ClipRecorder recorder = new ClipRecorder("front-door.2", setup)) {
            Path clip = recorder.objectsActive(true);
            assertTrue(VigiaFiles.CLIPS.matches(recorder.relative(clip)), recorder.relative(clip));
        }
    }

    /** The last guard, should a camera's name get past the config's check: no clip folder outside the recordings folder. */
    @Test
    void aClipFolderOutsideTheRecordingsFolderIsRefused(@TempDir Path dir) {
        MonitorSetup.RecordingSetup setup = new MonitorSetup.RecordingSetup(dir.resolve("clips"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofDays(1), 1_000_000, Duration.ofMinutes(5));
        for (String stem : new String[] {"../../x", "lobby/east", ".."}) {
            assertThrows(IllegalArgumentException.class, () -> new ClipRecorder(stem, setup), stem);
        }
    }

    /** A recordings folder that is a link (clips on another disk) is swept; a link inside it is not followed out. */
    @Test
    void aLinkedRecordingsFolderIsSweptAndLinksInsideAreLeftAlone(@TempDir Path dir) throws Exception {
        Path disk = Files.createDirectories(dir.resolve("other-disk"));
        Path linked = Files.createSymbolicLink(dir.resolve("clips"), disk);
        Path clip = file(disk.resolve("door"), "door-20261120-080000.mp4", 10, Duration.ofDays(9));
        Path usersVideo = file(dir.resolve("mine"), "film.mp4", 10, Duration.ofDays(9));
        Path link = Files.createSymbolicLink(disk.resolve("door/door-20261120-090000.mp4"), usersVideo);

        assertEquals(1, ClipRetention.sweep(linked, Duration.ofDays(7), 1_000_000));
        assertFalse(Files.exists(clip));
        assertTrue(Files.exists(usersVideo) && Files.isSymbolicLink(link), "the link's target is not Vigia's to remove");
    }
}
