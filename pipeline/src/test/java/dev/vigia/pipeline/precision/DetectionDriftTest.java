package dev.vigia.pipeline.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.models.boxes.Detections;
import org.junit.jupiter.api.Test;

/** Drift between two precisions' detections at threshold 0.3 (margin 0.05), on boxes placed by hand. */
class DetectionDriftTest {

    @Test
    void boxesMatchByClassAndOverlapAndCountTheirShift() {
        Detections fp32 = new Detections();
        Detections bf16 = new Detections();
        fp32.add(100, 100, 200, 300, 0.9f, 0);
        bf16.add(100.5f, 99.2f, 200, 300, 0.88f, 0); // moved 0.8 px: within
        fp32.add(400, 100, 500, 200, 0.7f, 1);
        bf16.add(403, 100, 500, 200, 0.71f, 1); // moved 3 px
        DetectionDrift drift = new DetectionDrift(0.3f);
        drift.add(fp32, bf16);
        assertEquals(2, drift.matched());
        assertEquals(0.5, drift.shareWithin(), 1e-12);
        assertEquals(3.0, drift.largestShift(), 1e-6);
        assertEquals(0, drift.gainedOrLost());
    }

    @Test
    void onlyDetectionsWellAboveTheThresholdCountAsGainedOrLost() {
        Detections fp32 = new Detections();
        Detections bf16 = new Detections();
        fp32.add(0, 0, 50, 50, 0.32f, 0); // lost, but within the margin of 0.3: tolerated
        fp32.add(100, 0, 150, 50, 0.6f, 0); // lost: counts
        bf16.add(100, 100, 150, 150, 0.5f, 2); // gained: counts
        fp32.add(200, 0, 250, 50, 0.8f, 3);
        bf16.add(200, 0, 250, 50, 0.8f, 4); // another class: one lost and one gained
        DetectionDrift drift = new DetectionDrift(0.3f);
        drift.add(fp32, bf16);
        assertEquals(0, drift.matched());
        assertEquals(4, drift.gainedOrLost());
    }
}
