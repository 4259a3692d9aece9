package dev.vigia.monitor.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.monitor.storage.VigiaFiles;
import dev.vigia.monitor.storage.WriteFailures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A clock the test moves: rotation by age without waiting a day. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-06T10:15:30Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static ObjectEvent event(String camera, int track) {
        return new ObjectEvent("new", null, camera + "-1-" + track, camera, track, "person", 0.9, 0.9, new float[] {1, 2, 3, 4},
                List.of(), List.of(), null, null, null, 1.0, 0, 1.0, null, null, null, null);
    }

    private static List<String> rotated(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(VigiaFiles.EVENT_LOGS::matches).sorted().toList();
        }
    }

    @Test
    void theLogIsSetAsideBySizeAndByAgeUnderNamesRetentionKnows(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock();
        WriteFailures failures = new WriteFailures();
        int lineBytes = (event("door", 1).toJson().toString() + "\n").length();
        try (EventLog log = new EventLog(dir, new EventLog.Rotation(3L * lineBytes, Duration.ofHours(24)), failures, clock)) {
            for (int track = 1; track <= 4; track++) {
                log.onEvent(event("door", track));
            }
            // The fourth event found three lines, the limit: they were set aside, the fourth begins a new file.
            assertEquals(List.of("events-20261206-101530.jsonl"), rotated(dir));
            clock.now = clock.now.plus(Duration.ofHours(24));
            log.onEvent(event("door", 5));
        }
        assertEquals(List.of("events-20261206-101530.jsonl", "events-20261207-101530.jsonl"), rotated(dir));
        assertEquals(3, Files.readAllLines(dir.resolve("events-20261206-101530.jsonl")).size());
        List<String> lastDay = Files.readAllLines(dir.resolve("events-20261207-101530.jsonl"));
        assertEquals(4, JSON.readTree(lastDay.get(0)).get("track_id").asInt(), "a day after it was begun, the file was set aside");
        assertEquals(5, JSON.readTree(Files.readAllLines(dir.resolve("events.jsonl")).get(0)).get("track_id").asInt());
        assertEquals(0, failures.count(WriteFailures.Kind.EVENT, "door"));
    }

    /** The events folder cannot be made (a file in its place): each event is counted as failed and the log goes on when it can. */
    @Test
    void aWriteThatFailsIsCountedAndTheLogResumesWhenItCan(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("events");
        Files.writeString(folder, "in the way");
        WriteFailures failures = new WriteFailures();
        List<Integer> written = new ArrayList<>();
        try (EventLog log = new EventLog(folder, new EventLog.Rotation(1_000_000, Duration.ofHours(24)), failures)) {
            log.onEvent(event("door", 1));
            log.onEvent(event("yard", 2));
            assertEquals(1, failures.count(WriteFailures.Kind.EVENT, "door"));
            assertEquals(1, failures.count(WriteFailures.Kind.EVENT, "yard"));
            Files.delete(folder);
            log.onEvent(event("door", 3));
        }
        for (String line : Files.readAllLines(folder.resolve("events.jsonl"))) {
            written.add(JSON.readTree(line).get("track_id").asInt());
        }
        assertEquals(List.of(3), written);
        assertTrue(failures.report().contains("1 event write of camera door failed"));
    }
}
