package dev.vigia.pipeline.track;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vigia.models.boxes.Detections;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * The late take-over, on drawn frames at 10 fps with boxes given by hand: a person in a red top
 * and dark trousers walks right, a person in blue walks left, both leave at frame 20; six seconds
 * later the red one comes back, the top hidden for the first three frames (as behind a piece of
 * the scene), then whole. The hidden views look like nobody, so the box starts a new track; the
 * whole views that follow look like the red person and unlike the blue one, and after two of them
 * the new track takes the red person's id. Until then the new track is held back (not reported):
 * it may be someone who left coming back, and reported under a new id first, her return would be
 * two ID switches and two "new object" events.
 */
class ReidTakeOverTest {

    private static final int WIDTH = 768;
    private static final int HEIGHT = 576;
    private static final Scalar GREY = new Scalar(128, 128, 128, 0);
    private static final Scalar RED = new Scalar(30, 30, 200, 0);
    private static final Scalar DARK = new Scalar(70, 40, 20, 0);
    private static final Scalar BLUE = new Scalar(200, 60, 20, 0);
    private static final Scalar GREEN = new Scalar(40, 180, 40, 0);
    private static final int BACK_AT = 80;
    private static final int HIDDEN_TOP_UNTIL = 83;

    /** The red person's id at each frame (0 where no track is on her box), the blue one's at frame 19 in {@code blueId}. */
    private static int[] redIds(Tracker tracker, int[] blueId) {
        return ids(tracker, blueId, RED);
    }

    /**
     * As {@link #redIds}, but the one who comes at frame 80 wears {@code returningTop}: red is
     * her coming back, another colour a stranger walking in where she did.
     */
    private static int[] ids(Tracker tracker, int[] blueId, Scalar returningTop) {
        int[] ids = new int[100];
        Tracks out = new Tracks();
        for (int f = 0; f < ids.length; f++) {
            Detections detections = new Detections();
            try (Mat image = new Mat(HEIGHT, WIDTH, CV_8UC3, GREY)) {
                int redX = -1;
                if (f < 20) {
                    redX = 100 + 10 * f;
                    int blueX = 600 - 10 * f;
                    draw(image, blueX, 380, BLUE, BLUE);
                    detections.add(blueX, 380, blueX + 40, 480, 0.9f, 0);
                } else if (f >= BACK_AT) {
                    redX = 20 + 8 * (f - BACK_AT);
                }
                if (redX >= 0) {
                    draw(image, redX, 150, f < BACK_AT ? RED : f < HIDDEN_TOP_UNTIL ? GREY : returningTop, DARK);
                    detections.add(redX, 150, redX + 40, 250, 0.9f, 0);
                }
                tracker.update(detections, new FrameInfo(f, f * 100_000L, 10, WIDTH, HEIGHT, image), out);
                for (int t = 0; t < out.size(); t++) {
                    if (redX >= 0 && Math.abs(out.x1(t) - redX) < 12 && Math.abs(out.y1(t) - 150) < 12) {
                        ids[f] = out.id(t);
                    }
                    if (f == 19 && Math.abs(out.y1(t) - 380) < 12) {
                        blueId[0] = out.id(t);
                    }
                }
            }
        }
        return ids;
    }

    /** A 40 x 100 person at (x, y): the top half in {@code top}, the bottom half in {@code bottom}. */
    private static void draw(Mat image, int x, int y, Scalar top, Scalar bottom) {
        rectangle(image, new Point(x, y), new Point(x + 39, y + 49), top, -1, 8, 0);
        rectangle(image, new Point(x, y + 50), new Point(x + 39, y + 99), bottom, -1, 8, 0);
    }

    @Test
    void aReturningPersonFirstSeenInPartTakesBackHerIdOnceSeenWhole() {
        int[] blue = new int[1];
        int[] reid = redIds(Trackers.create("bytetrack", Map.of("reid", "true")), blue);
        int before = reid[19];
        assertNotEquals(0, before, "she is tracked before she leaves");
        // While her top is hidden she looks like nobody, but two such views (frames 81 and 82, the new track
        // confirmed at 81) are too few to call her a stranger: the new track is held back, not reported.
        for (int f = BACK_AT; f < HIDDEN_TOP_UNTIL; f++) {
            assertEquals(0, reid[f], "frame " + f + ": her partly hidden return is not reported under a new id");
        }
        // Whole at frames 83 and 84: two votes in a row, so the track is hers from frame 84 on, never out under another id.
        assertEquals(0, reid[HIDDEN_TOP_UNTIL], "one whole view is not enough: still held");
        assertEquals(before, reid[HIDDEN_TOP_UNTIL + 1], "after two whole views the new track takes her id");
        assertEquals(before, reid[99]);
        assertNotEquals(blue[0], reid[99], "the blue person's id is not taken");
    }

    @Test
    void aStrangerWhoLooksLikeNobodyWhoLeftIsLetOutUnderANewIdAfterThreeViews() {
        int[] blue = new int[1];
        int[] ids = ids(Trackers.create("bytetrack", Map.of("reid", "true")), blue, GREEN);
        int red = ids[19];
        // Confirmed at frame 81; views at 81, 82 (top hidden) and 83 (green) look like neither who left:
        // held while fewer than three say so, out under a new id from frame 83.
        for (int f = BACK_AT; f < HIDDEN_TOP_UNTIL; f++) {
            assertEquals(0, ids[f], "frame " + f + ": held while it could still be someone coming back");
        }
        int stranger = ids[HIDDEN_TOP_UNTIL];
        assertNotEquals(0, stranger, "out after three views that look like nobody who left");
        assertNotEquals(red, stranger);
        assertNotEquals(blue[0], stranger);
        assertEquals(stranger, ids[99]);
    }

    @Test
    void withoutReidSheStaysANewcomer() {
        int[] plain = redIds(Trackers.create("bytetrack", Map.of()), new int[1]);
        assertNotEquals(0, plain[19]);
        assertNotEquals(0, plain[99]);
        assertNotEquals(plain[19], plain[99], "motion alone cannot bridge six seconds");
    }
}
