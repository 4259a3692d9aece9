package dev.vigia.pipeline.motion;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.track.Tracks;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The gate's rules on a still real frame (vtest.avi's first, shown again and again, so nothing
 * moves in the pixels): first frame, moving tracks, confirmation of stopped ones, the detection rate.
 */
class MotionGateTest {

    private static final long SECOND = 1_000_000;

    private static Tracks oneTrackAt(float x) {
        Tracks tracks = new Tracks();
        tracks.add(7, x, 100, x + 40, 200, 0.9f, 0);
        return tracks;
    }

    @Test
    void stillPixelsAreDetectedOnlyForTheFirstFrameMovingTracksAndConfirmations() {
        Mat still = TestVideos.frames("vtest.avi", 0, 0).get(0);
        try (MotionGate gate = new MotionGate(MotionConfig.defaults())) {
            assertTrue(gate.offer(still, 0, true), "the first frame is detected: what is there needs tracks");
            assertFalse(gate.offer(still, 100_000, true), "nothing moves, nothing tracked");
            assertFalse(gate.offer(still, 3 * SECOND, true), "no track to confirm, however long it has been");

            // A track whose centre moved 30 px (30 % of its 100 px height) between two detections keeps detection on.
            gate.tracked(oneTrackAt(100), true);
            gate.tracked(oneTrackAt(130), true);
            assertTrue(gate.offer(still, 3_100_000, true), "a tracked object still moves");
            assertFalse(gate.offer(still, 3_200_000, false), "but never off the detection rate's frames");

            // It stops (moves 2 px): no detection until 2 s after the last one, then one to confirm it.
            gate.tracked(oneTrackAt(132), true);
            assertFalse(gate.offer(still, 3_300_000, true), "a stopped object is not detected every frame");
            assertFalse(gate.offer(still, 5_000_000, true), "1.9 s after the last detection");
            assertTrue(gate.offer(still, 5_100_000, true), "2 s after: confirmed");
            assertFalse(gate.offer(still, 5_200_000, true), "and then quiet again");
        }
    }

    @Test
    void motionForASourceTheEngineDoesNotHaveIsRefusedAtStart() {
        String vtest = dev.vigia.samples.SampleMedia.standard().file("vtest.avi").toString();
        dev.vigia.config.InvalidSettingException e = org.junit.jupiter.api.Assertions.assertThrows(dev.vigia.config.InvalidSettingException.class,
                () -> dev.vigia.pipeline.Vigia.engine().source("cam", vtest).motion("door", MotionConfig.defaults()).start());
        org.junit.jupiter.api.Assertions.assertEquals("motion", e.setting());
        assertTrue(e.getMessage().contains("'door'") && e.getMessage().contains("[cam]"), e.getMessage());
    }
}
