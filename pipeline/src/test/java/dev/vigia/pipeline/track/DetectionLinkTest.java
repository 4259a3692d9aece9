package dev.vigia.pipeline.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tracker says which of the frame's detections updated each track it reports (what masks
 * and other per-detection data follow), and none on predicted frames.
 */
class DetectionLinkTest {

    static java.util.List<String> trackers() {
        return Trackers.names();
    }

    @ParameterizedTest
    @MethodSource("trackers")
    void eachReportedTrackNamesTheDetectionThatUpdatedIt(String name) {
        Tracker tracker = Trackers.create(name, Map.of());
        Tracks out = new Tracks();
        Map<Integer, Integer> objectOfTrack = new HashMap<>();
        int linked = 0;
        for (int frame = 0; frame < 12; frame++) {
            // Two people walking apart; their order in the detections flips every frame. The object is the score's tenths.
            Detections detections = new Detections();
            float shift = frame * 4;
            boolean flip = frame % 2 == 1;
            for (int k = 0; k < 2; k++) {
                int object = flip ? 1 - k : k;
                float x = object == 0 ? 100 - shift : 300 + shift;
                detections.add(x, 100, x + 40, 200, object == 0 ? 0.91f : 0.81f, 0);
            }
            tracker.update(detections, new FrameInfo(frame, frame * 100_000L, 10, 640, 480), out);
            for (int i = 0; i < out.size(); i++) {
                int d = out.detection(i);
                assertTrue(d >= 0 && d < detections.size(), name + " frame " + frame + ": detection " + d);
                int object = detections.score(d) > 0.9f ? 0 : 1;
                Integer before = objectOfTrack.putIfAbsent(out.id(i), object);
                assertEquals(before == null ? object : before, object, name + ": track " + out.id(i) + " changed object");
                assertTrue(Math.abs(out.x1(i) - detections.x1(d)) < 10, name + ": the track's box is its detection's");
                linked++;
            }
            if (frame == 11) {
                tracker.predict(new FrameInfo(frame + 1, (frame + 1) * 100_000L, 10, 640, 480), out);
                for (int i = 0; i < out.size(); i++) {
                    assertEquals(-1, out.detection(i), name + ": a predicted track was updated by no detection");
                }
            }
        }
        assertTrue(linked >= 16, name + " reported " + linked + " linked tracks");
    }
}
