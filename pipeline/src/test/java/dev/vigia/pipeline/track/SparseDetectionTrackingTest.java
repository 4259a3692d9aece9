package dev.vigia.pipeline.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tracking when the detector runs on few frames (gated by motion, {@code --detect-every}, a short
 * budget): a walker 30 pixels wide crosses at 6 pixels a frame, 10 frames a second, as on a quiet
 * camera's video, and the frames in between are only predicted. Detected every fifth frame, the
 * walker has moved a body width between two detections and a track seen once has no velocity, so
 * the boxes do not overlap: the buffered comparison is what confirms the track.
 */
class SparseDetectionTrackingTest {

    private static final int FIRST = 10;
    private static final int LAST = 90;

    /** The walker's id at each frame (0 where no reported track is on the walker), detecting every {@code every}-th frame. */
    private static int[] walkerIds(String tracker, int every) {
        Tracker t = Trackers.create(tracker, Map.of());
        Tracks out = new Tracks();
        int[] ids = new int[LAST + 1];
        for (int f = 0; f <= LAST; f++) {
            FrameInfo frame = new FrameInfo(f, f * 100_000L, 10, 768, 576);
            float x = 100 + 6 * (f - FIRST);
            if (f % every == 0) {
                Detections detections = new Detections();
                if (f >= FIRST) {
                    detections.add(x, 150, x + 30, 260, 0.8f, 0);
                }
                t.update(detections, frame, out);
            } else {
                t.predict(frame, out);
            }
            for (int i = 0; i < out.size(); i++) {
                if (f >= FIRST && Math.abs(out.x1(i) - x) < 30 && Math.abs(out.y1(i) - 150) < 20) {
                    ids[f] = out.id(i);
                }
            }
        }
        return ids;
    }

    @Test
    void aWalkerDetectedTwiceASecondIsTrackedUnderOneId() {
        for (String tracker : new String[] {"bytetrack", "botsort"}) {
            int[] ids = walkerIds(tracker, 5);
            // Born at frame 10, confirmed by the detection at 15: on that and every later detected frame, one id.
            int id = ids[15];
            assertTrue(id > 0, tracker + ": the walker is tracked from the second detection");
            for (int f = 15; f <= LAST; f += 5) {
                assertEquals(id, ids[f], tracker + ", frame " + f + ": the same id all the way");
            }
        }
    }

    @Test
    void detectedOnEveryFrameTheWalkerIsTrackedFromTheSecondFrameAsBefore() {
        int[] ids = walkerIds("bytetrack", 1);
        assertEquals(0, ids[FIRST], "seen once: not yet confirmed");
        assertTrue(ids[FIRST + 1] > 0);
        for (int f = FIRST + 1; f <= LAST; f++) {
            assertEquals(ids[FIRST + 1], ids[f]);
        }
    }
}
