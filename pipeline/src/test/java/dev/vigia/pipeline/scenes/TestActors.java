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

/** A real actor for renderer and quiet-camera tests, without the detector: the walker of vtest.avi's frame 29, cut out by the selfie segmenter. */
public final class TestActors {

    /** Around the woman in the dark coat (PersonMaskQualityTest outlines her at x 679..709, y 253..350). */
    static final Rect WALKER = new Rect(670, 243, 50, 117);

    private TestActors() {}

    private static ActorClip walker;

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

    private static ActorClip cutOut() {
        Mat frame = TestVideos.frames("vtest.avi", 28, 28).get(0);
        Mat crop = frame.apply(WALKER).clone();
        try (PersonSegmenter segmenter = Segmenters.person(ModelStore.standard(), "selfie", DeviceChoice.CPU);
                Mat probability = segmenter.segment(crop)) {
            Mat alpha = new Mat();
            probability.convertTo(alpha, CV_8U, 510, -127.5);
            return new ActorClip(1, List.of(crop), List.of(alpha), new float[] {694 - 670}, new float[] {350 - 243}, 97, 0.8,
                    false);
        }
    }
}
