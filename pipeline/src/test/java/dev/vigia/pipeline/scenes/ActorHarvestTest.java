package dev.vigia.pipeline.scenes;

import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.segment.PersonSegmenter;
import dev.vigia.models.segment.Segmenters;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.track.Trackers;
import dev.vigia.samples.SampleMedia;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The people of vtest.avi's first 80 frames, cut out with NanoDet, ByteTrack and the selfie segmenter. */
class ActorHarvestTest {

    @Test
    void walkersOfVtestComeOutAsWholeMaskedWalks() {
        ActorHarvest.Options options = new ActorHarvest.Options(80, 20, 40, 10, 56);
        ActorHarvest.Harvest harvest;
        try (Detector detector = Detectors.open(ModelStore.standard(), "nanodet", new DetectorOptions(0.25f, DeviceChoice.CPU));
                PersonSegmenter segmenter = Segmenters.person(ModelStore.standard(), "selfie", DeviceChoice.CPU)) {
            harvest = ActorHarvest.harvest(SampleMedia.standard().file("vtest.avi"), detector,
                    () -> Trackers.create("bytetrack", Map.of()), segmenter, options);
        }
        assertEquals(80, harvest.sourceFrames());
        assertEquals(10, harvest.fps(), 0.01);
        assertFalse(harvest.actors().isEmpty(), "someone walks alone in 80 frames of vtest");
        // Lower in the picture is nearer, so taller.
        assertTrue(harvest.perspective().slope() > 0, "slope " + harvest.perspective().slope());
        for (ActorClip actor : harvest.actors()) {
            assertTrue(actor.frames() >= 20 && actor.frames() <= 40, actor.frames() + " frames");
            for (int f = 0; f < actor.frames(); f++) {
                Mat crop = actor.crops().get(f);
                Mat alpha = actor.alphas().get(f);
                assertEquals(crop.cols(), alpha.cols());
                assertEquals(crop.rows(), alpha.rows());
                try (Mat mask = new Mat()) {
                    threshold(alpha, mask, 127, 255, THRESH_BINARY);
                    double share = (double) countNonZero(mask) / (alpha.cols() * alpha.rows());
                    // A person fills part of a crop with a 12 % margin all round, never all of it.
                    assertTrue(share > 0.1 && share < 0.8, "mask share " + share);
                }
                assertTrue(actor.footY()[f] > crop.rows() * 0.75 && actor.footY()[f] <= crop.rows(), "feet low in the crop");
            }
        }
    }
}
