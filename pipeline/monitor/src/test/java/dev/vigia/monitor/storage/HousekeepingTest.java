package dev.vigia.monitor.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention of snapshots and rotated event logs on the housekeeping round, and the once-a-round failure report. */
class HousekeepingTest {

    private static Path file(Path folder, String name, int kilobytes, Duration age) throws Exception {
        Path file = Files.createDirectories(folder).resolve(name);
        Files.write(file, new byte[kilobytes * 1000]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    @Test
    void aRoundRemovesOldSnapshotsAndRotatedLogsAndNothingElse(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events");
        Path snapshots = events.resolve("snapshots");
        Path oldSnapshot = file(snapshots.resolve("door"), "door-1764000000000-3.jpg", 10, Duration.ofDays(8));
        Path oldLog = file(events, "events-20261128-101500.jsonl", 10, Duration.ofDays(8));
        Path bigLog = file(events, "events-20261205-101500-2.jsonl", 300, Duration.ofDays(1));
        Path newSnapshot = file(snapshots.resolve("door"), "door-1765000000000-4.jpg", 10, Duration.ofHours(1));
        Path newLog = file(events, "events-20261206-091500.jsonl", 10, Duration.ofHours(1));
        Path current = file(events, "events.jsonl", 500, Duration.ofDays(30));
        Path partial = file(snapshots.resolve("door"), "door-1764000000000-3.jpg.part.jpg", 10, Duration.ofDays(30));
        Path usersPicture = file(snapshots.resolve("door"), "holiday.jpg", 10, Duration.ofDays(30));
        Path usersLog = file(events, "events-notes.jsonl", 10, Duration.ofDays(30));
        WriteFailures failures = new WriteFailures();
        Housekeeping.Sweep sweep = new Housekeeping.Sweep(List.of(new FileRetention.Holding(snapshots, VigiaFiles.SNAPSHOTS),
                new FileRetention.Holding(events, VigiaFiles.EVENT_LOGS)), Duration.ofDays(7), 100_000);

        // 7 days and 100 kB: the two 8-day-old files go for their age, then the 300 kB log for the total.
        try (Housekeeping housekeeping = Housekeeping.start(List.of(sweep), failures, Duration.ofHours(1))) {
            awaitGone(bigLog);
            housekeeping.runOnce();
        }
        for (Path gone : new Path[] {oldSnapshot, oldLog, bigLog}) {
            assertFalse(Files.exists(gone), gone.toString());
        }
        for (Path kept : new Path[] {newSnapshot, newLog, current, partial, usersPicture, usersLog}) {
            assertTrue(Files.exists(kept), kept.toString());
        }
    }

    /** The first round runs at start, not a minute later. */
    private static void awaitGone(Path file) throws InterruptedException {
        for (int i = 0; i < 200 && Files.exists(file); i++) {
            Thread.sleep(50);
        }
        assertFalse(Files.exists(file), "the round at start removed " + file);
    }

    @Test
    void failuresAreReportedOnceForEachRoundThatHadThem() {
        WriteFailures failures = new WriteFailures();
        for (int i = 0; i < 40; i++) {
            failures.record(WriteFailures.Kind.SNAPSHOT, "door", new java.io.IOException("No space left on device"));
        }
        failures.record(WriteFailures.Kind.EVENT, "yard", new java.io.IOException("No space left on device"));
        String first = failures.report();
        assertTrue(first.startsWith("40 snapshot writes of camera door failed (last: java.io.IOException: No space left on device); "
                + "1 event write of camera yard failed"), first);
        assertNull(failures.report(), "nothing new, nothing said");
        failures.record(WriteFailures.Kind.SNAPSHOT, "door", new java.io.IOException("No space left on device"));
        assertTrue(failures.report().startsWith("1 snapshot write of camera door failed"), "only what is new since the last report");
        assertEquals(41, failures.count(WriteFailures.Kind.SNAPSHOT, "door"), "the metric counts them all");
    }
}
