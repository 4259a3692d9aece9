package dev.vigia.pipeline.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tracker parsed once into a kind and its settings; the kind, not the text's spelling, decides the detector score. */
class TrackerSpecTest {

    @Test
    void aTrackerFileTakesTheScoreOfTheKindItsTrackerKeyNamesWhateverTheFileIsCalled(@TempDir Path dir) throws Exception {
        Path lowBoxes = Files.writeString(dir.resolve("night-camera.yaml"), "tracker: bytetrack\ntrack_buffer: 60\n");
        Path plain = Files.writeString(dir.resolve("bytetrack-like.yaml"), "tracker: sort\n");
        TrackerSpec byteTrack = TrackerSpec.parse(lowBoxes.toString(), Map.of());
        assertEquals(TrackerKind.BYTETRACK, byteTrack.kind());
        assertEquals(0.1f, byteTrack.detectionScore());
        assertEquals(60, byteTrack.settings().get("track_buffer").asInt());
        assertEquals(TrackerKind.SORT, TrackerSpec.parse(plain.toString(), Map.of()).kind());
        assertEquals(0.3f, TrackerSpec.parse(plain.toString(), Map.of()).detectionScore(), "named like bytetrack, but a sort file");
        assertEquals(0.1f, TrackerSpec.parse("botsort", Map.of()).detectionScore());
        assertEquals(0.3f, TrackerSpec.of(TrackerKind.OCSORT).detectionScore());
    }

    @Test
    void eachGetIsANewTrackerWithTheSpecsSettings() {
        TrackerSpec spec = TrackerSpec.of(TrackerKind.SORT, Map.of("min_hits", "1"));
        Tracker first = spec.get();
        Tracker second = spec.get();
        assertNotSame(first, second);
        Tracks out = new Tracks();
        Detections person = new Detections();
        person.add(10, 100, 50, 200, 0.9f, 0);
        first.update(person, new FrameInfo(0, 0, 30, 640, 480), out);
        first.update(person, new FrameInfo(1, 0, 30, 640, 480), out);
        assertEquals(1, out.size(), "min_hits 1: reported from the second frame");
        second.update(person, new FrameInfo(0, 0, 30, 640, 480), out);
        second.update(person, new FrameInfo(1, 0, 30, 640, 480), out);
        assertEquals(1, out.id(0), "the second tracker counts its own ids from 1");
    }

    @Test
    void unknownNamesAndKeysAreOneLineListingTheValidOnes(@TempDir Path dir) throws Exception {
        assertEquals("unknown tracker 'deepsort'; choose one of bytetrack, ocsort, botsort, sort, iou",
                assertThrows(UserError.class, () -> TrackerSpec.parse("deepsort", Map.of())).getMessage());
        Path noKind = Files.writeString(dir.resolve("t.yaml"), "max_age: 3\n");
        assertEquals(noKind + ": unknown tracker ''; choose one of bytetrack, ocsort, botsort, sort, iou",
                assertThrows(UserError.class, () -> TrackerSpec.parse(noKind.toString(), Map.of())).getMessage());
        assertEquals("tracker 'iou' has no parameter 'max_ages'; valid: iou_threshold, min_hits, max_age",
                assertThrows(UserError.class, () -> TrackerSpec.of(TrackerKind.IOU, Map.of("max_ages", "3"))).getMessage());
    }
}
