package dev.vigia.monitor.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.monitor.storage.WriteFailures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clip that cannot be written is counted for its camera, not thrown at the camera's stages. */
class ClipFailuresTest {

    @Test
    void aClipFolderThatCannotBeMadeIsCountedAndNoClipIsClaimed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("door"), "a file where the camera's clip folder must be made");
        MonitorSetup.RecordingSetup setup = new MonitorSetup.RecordingSetup(dir, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofDays(1), 1_000_000, Duration.ofMinutes(5));
        WriteFailures failures = new WriteFailures();
        try (ClipRecorder recorder = new ClipRecorder("door", setup)) {
            recorder.reportFailuresTo(failures, "door");
            assertNull(recorder.objectsActive(true), "no event names a clip that could not be begun");
        }
        assertEquals(1, failures.count(WriteFailures.Kind.CLIP, "door"));
        assertTrue(failures.report().startsWith("1 clip write of camera door failed"));
    }
}
