package dev.vigia.pipeline.scenes;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.segment.PersonSegmenter;
import dev.vigia.models.segment.Segmenters;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.TestVideos;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Real actors for renderer, quiet-camera and tracker tests, without the detector: people of
 * vtest.avi cut out of one frame each by the selfie segmenter.
 */
public final class TestActors {

    /** Around the woman in the dark coat (PersonMaskQualityTest outlines her at x 679..709, y 253..350). */
    static final Rect WALKER = new Rect(670, 243, 50, 117);

    /** Around the woman in the red jacket of frame index 30 (ReidReentryTest's box: x 628..667, y 252..353). */
    static final Rect RED_JACKET = new Rect(620, 242, 55, 121);

    private TestActors() {}

    private static ActorClip walker;
    private static ActorClip redJacket;

    /**
     * One frame of her: crop, alpha, feet at the bottom centre of her outline (x 694, y 350). Cut out once per test
     * run (the segmenter's load is most of it); renderers only read an actor's images.
     */
    public static synchronized ActorClip walker() {
        if (walker == null) {
            walker = cutOut();
        }
        return walker;
    }

    /**
     * One frame of the woman in the red jacket, walking left: dressed unlike the walker (a dark
     * coat), so appearance tells the two apart. Feet at the bottom centre of her box (x 647, y 353).
     */
    public static synchronized ActorClip redJacket() {
        if (redJacket == null) {
            redJacket = cutOut(30, RED_JACKET, 2, 647, 353, 101);
        }
        return redJacket;
    }

    private static ActorClip cutOut() {
        return cutOut(28, WALKER, 1, 694, 350, 97);
    }

    private static ActorClip cutOut(int frameIndex, Rect around, int track, int footX, int footY, int height) {
        Mat frame = TestVideos.frames("vtest.avi", frameIndex, frameIndex).get(0);
        Mat crop = frame.apply(around).clone();
        try (PersonSegmenter segmenter = Segmenters.person(ModelStore.standard(), "selfie", DeviceChoice.CPU);
                Mat probability = segmenter.segment(crop)) {
            Mat alpha = new Mat();
            probability.convertTo(alpha, CV_8U, 510, -127.5);
            return new ActorClip(track, List.of(crop), List.of(alpha), new float[] {footX - around.x()},
                    new float[] {footY - around.y()}, height, 0.8, false);
        }
    }
}
