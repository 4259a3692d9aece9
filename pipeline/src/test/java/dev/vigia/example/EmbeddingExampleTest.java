package dev.vigia.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use from Java" example, outside the engine's packages and on its public API only:
 * it compiles (it is this module's test code), it runs on vtest.avi, and its listener receives tracks.
 */
class EmbeddingExampleTest {

    @Test
    void theExampleReceivesTracksOfVtestThroughItsListener() {
        Map<Integer, Integer> seen = TrackVideoExample.framesPerTrack(SampleMedia.standard().file("vtest.avi").toString());
        assertTrue(seen.size() >= 5, "several people are tracked: " + seen);
        assertTrue(seen.values().stream().anyMatch(frames -> frames >= 100),
                "someone is followed under one id for 100 frames or more: " + seen);
        assertTrue(seen.keySet().stream().allMatch(id -> id >= 1));
    }

    @Test
    void theReadmeShowsExactlyThisExample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String example = Files.readString(Path.of("src", "test", "java", "dev", "vigia", "example", "TrackVideoExample.java"));
        assertTrue(readme.contains(example.strip()), "README.md's Use from Java section holds TrackVideoExample.java as it is");
    }
}
