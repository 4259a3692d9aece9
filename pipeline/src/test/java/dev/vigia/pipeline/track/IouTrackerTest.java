package dev.vigia.pipeline.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IouTrackerTest {

    private static FrameInfo frame(long i) {
        return new FrameInfo(i, i * 33_333, 30, 640, 480);
    }

    private static Detections boxes(float... xs) {
        Detections d = new Detections();
        for (float x : xs) {
            d.add(x, 100, x + 50, 200, 0.9f, 0);
        }
        return d;
    }

    @Test
    void tracksAreReportedAfterMinHitsAndKeepTheirIds() {
        IouTracker tracker = new IouTracker(new IouTracker.Settings(0.3f, 2, 5));
        Tracks out = new Tracks();
        tracker.update(boxes(0, 300), frame(0), out);
        assertEquals(0, out.size(), "tentative tracks are not reported");
        tracker.update(boxes(5, 305), frame(1), out);
        assertEquals(2, out.size());
        assertEquals(1, out.id(0));
        assertEquals(2, out.id(1));
        tracker.update(boxes(310, 10), frame(2), out); // order of detections swapped
        assertEquals(1, out.id(0));
        assertEquals(10f, out.x1(0));
        assertEquals(2, out.id(1));
        assertEquals(310f, out.x1(1));
    }

    @Test
    void aTrackSurvivesMaxAgeMissesThenANewIdIsGiven() {
        IouTracker tracker = new IouTracker(new IouTracker.Settings(0.3f, 1, 2));
        Tracks out = new Tracks();
        tracker.update(boxes(0), frame(0), out);
        tracker.update(boxes(), frame(1), out);
        tracker.update(boxes(), frame(2), out);
        tracker.update(boxes(2), frame(3), out);
        assertEquals(1, out.id(0), "two misses are within max_age 2");
        tracker.update(boxes(), frame(4), out);
        tracker.update(boxes(), frame(5), out);
        tracker.update(boxes(), frame(6), out);
        tracker.update(boxes(2), frame(7), out);
        assertEquals(2, out.id(0), "three misses end the track");
    }

    @Test
    void predictMovesTracksByTheirLastVelocity() {
        IouTracker tracker = new IouTracker(new IouTracker.Settings(0.3f, 1, 5));
        Tracks out = new Tracks();
        tracker.update(boxes(0), frame(0), out);
        tracker.update(boxes(10), frame(1), out);
        tracker.predict(frame(2), out);
        assertEquals(20f, out.x1(0), 1e-6);
        tracker.update(boxes(30), frame(3), out);
        assertEquals(1, out.id(0), "the predicted box still matches");
    }

    @Test
    void idsBelongToTheInstanceAndResetStartsOver() {
        IouTracker a = new IouTracker(IouTracker.Settings.defaults());
        IouTracker b = new IouTracker(IouTracker.Settings.defaults());
        Tracks out = new Tracks();
        a.update(boxes(0, 200), frame(0), out);
        a.update(boxes(0, 200), frame(1), out);
        b.update(boxes(400), frame(0), out);
        b.update(boxes(400), frame(1), out);
        assertEquals(1, out.id(0));
        a.reset();
        a.update(boxes(50), frame(0), out);
        a.update(boxes(50), frame(1), out);
        assertEquals(1, out.id(0));
    }

    @Test
    void parametersUseReferenceNamesAndUnknownKeysListTheValidOnes() {
        Tracker tracker = Trackers.create("iou", Map.of("min_hits", "1", "max_age", "0"));
        Tracks out = new Tracks();
        tracker.update(boxes(0), frame(0), out);
        assertEquals(1, out.size(), "min_hits 1 reports at once");
        UserError unknown = assertThrows(UserError.class, () -> Trackers.create("iou", Map.of("max_ages", "3")));
        assertTrue(unknown.getMessage().contains("max_age") && unknown.getMessage().contains("iou_threshold"), unknown.getMessage());
        assertThrows(UserError.class, () -> Trackers.create("iou", Map.of("iou_threshold", "1.5")));
        assertThrows(UserError.class, () -> Trackers.create("deepsort", Map.of()));
    }
}
