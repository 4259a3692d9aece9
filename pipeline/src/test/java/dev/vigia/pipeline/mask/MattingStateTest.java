package dev.vigia.pipeline.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.segment.MattingModel;
import dev.vigia.models.segment.Segmenters;
import dev.vigia.models.segment.VideoMatter;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.frame.FrameEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Robust Video Matting's recurrent state: carried from frame to frame, forgotten on reset and at a cut. */
class MattingStateTest {

    private static MattingModel model;
    private static List<Mat> vtest;
    private static Mat megamind;

    @BeforeAll
    static void load() {
        model = Segmenters.matting(ModelStore.standard(), "rvm", DeviceChoice.CPU);
        vtest = TestVideos.frames("vtest.avi", 20, 28);
        // Brought to vtest's size, so only the change of picture, not of size, tells the stage it is a new shot.
        megamind = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.resize(TestVideos.frames("Megamind.avi", 100, 100).get(0), megamind,
                new org.bytedeco.opencv.opencv_core.Size(768, 576));
    }

    @AfterAll
    static void release() {
        model.close();
    }

    @Test
    void theStateOfEarlierFramesChangesTheMatteUntilReset() {
        Mat last = vtest.get(vtest.size() - 1);
        try (VideoMatter fresh = model.newMatter(); VideoMatter carried = model.newMatter(); Mat alone = fresh.alpha(last)) {
            for (Mat frame : vtest.subList(0, vtest.size() - 1)) {
                carried.alpha(frame).close();
            }
            try (Mat afterHistory = carried.alpha(last)) {
                assertTrue(maxDifference(alone, afterHistory) > 0.01, "the history changed nothing");
            }
            carried.reset();
            try (Mat afterReset = carried.alpha(last)) {
                assertEquals(0, maxDifference(alone, afterReset), 1e-6);
            }
        }
    }

    @Test
    void aCutStartsTheMatteOver() {
        // The man in Megamind's frame: his box as the detector gives it (362, 19, 712, 528 at 720x528), at 768x576.
        float[] box = {386, 21, 759, 576};
        Mat afterCut = maskAfter(vtest, megamind, box);
        Mat alone = maskAfter(List.of(), megamind, box);
        assertEquals(alone.cols(), afterCut.cols());
        assertEquals(0, maxDifference(alone, afterCut), "the cut from vtest to Megamind resets the state");
    }

    /** The placed mask of one person track on {@code last}, after {@code before} went through the same stage. */
    private static Mat maskAfter(List<Mat> before, Mat last, float[] box) {
        MaskStage stage = new MaskStage(MaskMode.MATTING, null, model.newMatter(), Set.of(0));
        FrameEvent event = new FrameEvent();
        List<Mat> all = new ArrayList<>(before);
        all.add(last);
        for (int f = 0; f < all.size(); f++) {
            all.get(f).copyTo(event.image);
            event.frameIndex = f;
            event.timestampMicros = f * 40_000L;
            event.detected = true;
            event.tracks.clear();
            event.tracks.add(1, box[0], box[1], box[2], box[3], 0.9f, 0);
            stage.onFrame(event, f, true);
        }
        Mat mask = event.attribute(MaskStage.MASKS).of(0).mask.clone();
        stage.onStop();
        return mask;
    }

    private static double maxDifference(Mat a, Mat b) {
        try (Mat difference = new Mat()) {
            opencv_core.absdiff(a, b, difference);
            double[] max = new double[1];
            opencv_core.minMaxLoc(difference, null, max, null, null, null);
            return max[0];
        }
    }
}
