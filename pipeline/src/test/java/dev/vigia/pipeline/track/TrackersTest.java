package dev.vigia.pipeline.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrackersTest {

    private static Detections person(float x, float score) {
        Detections d = new Detections();
        d.add(x, 100, x + 40, 200, score, 0);
        return d;
    }

    private static FrameInfo frame(long i, double fps) {
        return new FrameInfo(i, 0, fps, 640, 480);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytetrack", "ocsort", "botsort", "sort", "iou"})
    void everyTrackerFollowsAWalkerWithOneIdStartingAtOneAndResetStartsOver(String name) {
        for (int run = 0; run < 2; run++) {
            Tracker tracker = Trackers.create(name, Map.of());
            Tracks out = new Tracks();
            for (int i = 0; i < 10; i++) {
                tracker.update(person(100 + 4 * i, 0.9f), frame(i, 30), out);
            }
            assertEquals(1, out.size(), name);
            assertEquals(1, out.id(0), name + ": ids belong to the instance and start at 1");
            assertEquals(136, out.x1(0), 3, name + " follows the box");
        }
    }

    @Test
    void byteTrackKeepsATrackAliveOnLowScoreBoxes() {
        Tracker bytetrack = Trackers.create("bytetrack", Map.of());
        Tracker sort = Trackers.create("sort", Map.of("max_age", "1"));
        Tracks out = new Tracks();
        for (int i = 0; i < 5; i++) {
            bytetrack.update(person(100 + 4 * i, 0.9f), frame(i, 30), out);
        }
        for (int i = 5; i < 9; i++) {
            bytetrack.update(person(100 + 4 * i, 0.3f), frame(i, 30), out);
            assertEquals(1, out.size(), "occluded, low score, still tracked");
            assertEquals(1, out.id(0));
        }
        assertTrue(sort.name().equals("sort"));
    }

    @Test
    void lostTracksAreKeptForTheBufferScaledToTheFrameRate() {
        for (double fps : new double[] {30, 10}) {
            Tracker tracker = Trackers.create("bytetrack", Map.of("track_buffer", "30"));
            Tracks out = new Tracks();
            for (int i = 0; i < 3; i++) {
                tracker.update(person(100, 0.9f), frame(i, fps), out);
            }
            int gap = 20; // 20 frames: within 30 at 30 fps, past 10 (= 30 * 10/30) at 10 fps
            for (int i = 0; i < gap; i++) {
                tracker.update(new Detections(), frame(3 + i, fps), out);
            }
            tracker.update(person(100, 0.9f), frame(3 + gap, fps), out);
            assertEquals(fps == 30 ? 1 : 0, out.size() == 1 ? (out.id(0) == 1 ? 1 : 0) : 0, "fps " + fps);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytetrack", "ocsort", "botsort", "sort"})
    void classAwareAssociationKeepsClassesApart(String name) {
        Tracker aware = Trackers.create(name, Map.of("class_aware", "true"));
        Tracks out = new Tracks();
        for (int i = 0; i < 8; i++) {
            Detections d = new Detections();
            // The same spot alternates between a person (class 0) and a bicycle (class 1).
            d.add(100, 100, 140, 200, 0.9f, i % 2);
            aware.update(d, frame(i, 30), out);
        }
        assertTrue(out.size() <= 1);
        if (out.size() == 1) {
            assertEquals(1, out.classId(0));
            assertTrue(out.id(0) >= 2, name + ": the bicycle never took the person's track");
        }
    }

    @Test
    void trackerYamlFilesNameTheTrackerAndOverrideItsDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mine.yaml"), "tracker: sort\nmin_hits: 1\n");
        Tracker sort = Trackers.create(file.toString(), Map.of());
        assertEquals("sort", sort.name());
        Tracks out = new Tracks();
        sort.update(person(10, 0.9f), frame(0, 30), out);
        sort.update(person(12, 0.9f), frame(1, 30), out);
        assertEquals(1, out.size(), "min_hits 1 from the file");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "tracker: sort\nmin_hit: 1\n");
        UserError error = assertThrows(UserError.class, () -> Trackers.create(bad.toString(), Map.of()));
        assertTrue(error.getMessage().contains("no parameter 'min_hit'") && error.getMessage().contains("min_hits"), error.getMessage());
        assertThrows(UserError.class, () -> Trackers.create("bytetrack", Map.of("track_thresh", "high")));
    }

    @Test
    void reidIsSwitchedOnByAParameterOrATrackerFileForByteTrackAndBotSortOnly(@TempDir Path dir) throws Exception {
        assertTrue(!Trackers.create("botsort", Map.of()).needsImages(), "off by default");
        assertTrue(Trackers.create("botsort", Map.of("reid", "true")).needsImages());
        assertTrue(Trackers.create("bytetrack", Map.of("reid", "true", "reid_memory", "20")).needsImages());
        Path file = Files.writeString(dir.resolve("reid.yaml"), "tracker: botsort\nreid: true\nappearance_thresh: 0.2\n");
        assertTrue(Trackers.create(file.toString(), Map.of()).needsImages());
        UserError sort = assertThrows(UserError.class, () -> Trackers.create("sort", Map.of("reid", "true")));
        assertTrue(sort.getMessage().contains("no parameter 'reid'"), sort.getMessage());
        UserError range = assertThrows(UserError.class, () -> Trackers.create("botsort", Map.of("reid", "true", "reid_memory", "-1")));
        assertTrue(range.getMessage().contains("reid_memory"), range.getMessage());
        assertThrows(UserError.class, () -> Trackers.create("botsort", Map.of("reid", "maybe")));
    }

    @Test
    void withReidATrackerGivenNoImageSaysSoInOneLine() {
        Tracker tracker = Trackers.create("bytetrack", Map.of("reid", "true"));
        UserError error = assertThrows(UserError.class, () -> tracker.update(person(100, 0.9f), frame(0, 30), new Tracks()));
        assertTrue(error.getMessage().contains("reid=false"), error.getMessage());
    }
}
