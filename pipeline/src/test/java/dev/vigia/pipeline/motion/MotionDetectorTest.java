package dev.vigia.pipeline.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The motion detector on real pixels: vtest.avi's empty street with real pedestrians pasted in for a stretch. */
class MotionDetectorTest {

    private static QuietClip clip;

    @BeforeAll
    static void makeClip() {
        clip = QuietClip.build();
    }

    /** Which frames of the clip moved, with the boxes of each, under {@code config}. */
    private static List<Integer> movingFrames(MotionConfig config, boolean withPerson, int lightsAt, double gain,
            List<float[]> boxesOut, MotionDetector[] keep) {
        List<Integer> moving = new ArrayList<>();
        MotionDetector detector = new MotionDetector(config);
        MotionBoxes boxes = new MotionBoxes();
        for (int i = 0; i < QuietClip.FRAMES; i++) {
            Mat frame = clip.frame(i, withPerson);
            if (lightsAt >= 0 && i >= lightsAt) {
                frame.convertTo(frame, -1, gain, 0);
            }
            if (detector.detect(frame, boxes)) {
                moving.add(i);
                for (int b = 0; b < boxes.size(); b++) {
                    boxesOut.add(new float[] {boxes.x1(b), boxes.y1(b), boxes.x2(b), boxes.y2(b)});
                }
            }
        }
        keep[0] = detector;
        return moving;
    }

    @Test
    void movesOnlyWhileThePersonIsThereAndItsBoxesLieOnThePerson() {
        List<float[]> boxes = new ArrayList<>();
        List<Integer> moving = movingFrames(MotionConfig.defaults(), true, -1, 1, boxes, new MotionDetector[1]);
        int stretch = QuietClip.PERSON_TO - QuietClip.PERSON_FROM;
        long inside = moving.stream().filter(i -> i >= QuietClip.PERSON_FROM && i <= QuietClip.PERSON_TO).count();
        assertEquals(moving.size(), inside, "motion only while the person is there (and the frame they leave): " + moving);
        assertTrue(inside >= stretch * 3 / 4, "most frames of the walk move: " + inside + " of " + stretch);
        assertTrue(moving.contains(QuietClip.PERSON_FROM), "the first frame with the person moves: " + moving);
        Rect w = clip.window;
        for (float[] b : boxes) {
            // Boxes are in source pixels and overlap the window the person walks in (dilation may spill a few pixels out).
            assertTrue(b[0] < w.x() + w.width() && b[2] > w.x() && b[1] < w.y() + w.height() && b[3] > w.y(),
                    "box " + java.util.Arrays.toString(b) + " off the window " + w.x() + "," + w.y() + " " + w.width() + "x" + w.height());
            assertTrue(b[2] <= clip.background.cols() && b[3] <= clip.background.rows(), "inside the frame");
        }
    }

    @Test
    void aLightSwitchResetsTheBackgroundInsteadOfMoving() {
        MotionDetector[] detector = new MotionDetector[1];
        // Lights dimmed to 55 % at frame 30, no person: one whole-frame change, and at most two frames of motion after it.
        List<Integer> moving = movingFrames(MotionConfig.defaults(), false, 30, 0.55, new ArrayList<>(), detector);
        assertTrue(detector[0].wholeFrameChanges() >= 1, "the switch was seen as a whole-frame change");
        assertTrue(moving.size() <= 2, "no motion storm after the light switch: " + moving);
    }

    @Test
    void aMaskOverTheWalkSuppressesIt() {
        Rect w = clip.window;
        double cols = clip.background.cols();
        double rows = clip.background.rows();
        // The window as fractions of the frame, widened a little so dilation at its edge is masked too.
        double x1 = Math.max(0, (w.x() - 8) / cols);
        double y1 = Math.max(0, (w.y() - 8) / rows);
        double x2 = Math.min(1, (w.x() + w.width() + 8) / cols);
        double y2 = Math.min(1, (w.y() + w.height() + 8) / rows);
        MotionConfig masked = MotionConfig.defaults().withMasks(List.<double[][]>of(new double[][] {{x1, y1}, {x2, y1}, {x2, y2}, {x1, y2}}));
        List<Integer> moving = movingFrames(masked, true, -1, 1, new ArrayList<>(), new MotionDetector[1]);
        assertEquals(List.of(), moving, "motion inside the mask is ignored");
        // The same mask in pixels.
        MotionConfig pixels = MotionConfig.defaults().withMasks(List.<double[][]>of(new double[][] {
                {x1 * cols, y1 * rows}, {x2 * cols, y1 * rows}, {x2 * cols, y2 * rows}, {x1 * cols, y2 * rows}}));
        assertEquals(List.of(), movingFrames(pixels, true, -1, 1, new ArrayList<>(), new MotionDetector[1]));
    }

    @Test
    void badSettingsSayWhichKeyValueAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MotionConfig(100, 300, 10, 0.02, 2, 0.5, java.time.Duration.ofSeconds(2), List.of()));
        assertEquals("motion threshold must be 1..255, got 300", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MotionConfig.defaults().withMasks(List.<double[][]>of(new double[][] {{0, 0}, {1, 1}})));
        assertTrue(e.getMessage().startsWith("motion masks[0]: a zone needs at least 3 points"), e.getMessage());
    }
}
