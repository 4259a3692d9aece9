package dev.vigia.pipeline.track;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detections;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An endless stream, compressed: 100 000 frames with people walking in, across and out, some
 * lingering, some flickering. Whatever a tracker keeps between frames must stay bounded by how
 * many objects are around, not grow with how long the stream has run.
 */
class BoundedStateTest {

    private static final int FRAMES = 100_000;

    /** Seeded walkers: each lives 20 to 400 frames, at most 12 at once, detected 90 % of the time. */
    private static final class Crowd {
        private final Random random = new Random(2024);
        private final float[] x = new float[12];
        private final float[] y = new float[12];
        private final float[] vx = new float[12];
        private final int[] framesLeft = new int[12];

        void step(Detections out) {
            out.clear();
            for (int k = 0; k < x.length; k++) {
                if (framesLeft[k] <= 0) {
                    if (random.nextInt(30) != 0) {
                        continue;
                    }
                    framesLeft[k] = 20 + random.nextInt(380);
                    x[k] = random.nextFloat() * 560;
                    y[k] = 60 + random.nextFloat() * 300;
                    vx[k] = (random.nextFloat() - 0.5f) * 6;
                }
                framesLeft[k]--;
                x[k] += vx[k];
                if (random.nextInt(10) != 0) {
                    out.add(x[k], y[k], x[k] + 40, y[k] + 100, 0.5f + 0.45f * random.nextFloat(), 0);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytetrack", "botsort", "ocsort", "sort", "iou"})
    void trackerStateStaysBoundedOverAHundredThousandFrames(String name) {
        Tracker tracker = Trackers.create(name, name.equals("botsort") ? Map.of("cmc_method", "none") : Map.of());
        Crowd crowd = new Crowd();
        Detections detections = new Detections();
        Tracks out = new Tracks();
        int largest = 0;
        int largestInSecondHalf = 0;
        int framesWithTracks = 0;
        for (int i = 0; i < FRAMES; i++) {
            crowd.step(detections);
            tracker.update(detections, new FrameInfo(i, i * 33_333L, 30, 640, 480), out);
            framesWithTracks += out.size() > 0 ? 1 : 0;
            int size = tracker.stateSize();
            largest = Math.max(largest, size);
            if (i >= FRAMES / 2) {
                largestInSecondHalf = Math.max(largestInSecondHalf, size);
            }
        }
        // At most 12 people at once; lost tracks are kept about a second. A leak would reach thousands.
        assertTrue(largest <= 12 * 40, name + " held up to " + largest + " objects");
        assertTrue(largestInSecondHalf <= 12 * 40, name + " held up to " + largestInSecondHalf + " objects late in the stream");
        assertTrue(framesWithTracks > FRAMES / 2, name + " tracked the crowd (tracks in " + framesWithTracks + " frames)");
    }
}
