package dev.vigia.generator.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class CropCaptionsTest {

    /** A 40 × 100 "person": {@code top} over {@code bottom} (BGR), on a grey ground either side. */
    private static Mat person(Scalar top, Scalar bottom) {
        Mat crop = new Mat(100, 40, opencv_core.CV_8UC3, new Scalar(128, 128, 128, 0));
        try (Mat upper = new Mat(crop, new Rect(8, 10, 24, 42)); Mat lower = new Mat(crop, new Rect(8, 55, 24, 40))) {
            upper.put(top);
            lower.put(bottom);
        }
        return crop;
    }

    @Test
    void coloursOfTopAndTrousersAndTheMotionMakeTheCaption() {
        try (Mat crop = person(new Scalar(30, 30, 200, 0), new Scalar(180, 90, 30, 0))) {
            Map<String, String> attributes = CropCaptions.attributes(crop, -40, 5, 100);
            assertEquals(Map.of("upper", "red", "lower", "blue", "motion", "left"), attributes);
            assertEquals("a person in a red top and blue trousers walking left", CropCaptions.caption(attributes));
        }
        try (Mat crop = person(new Scalar(20, 20, 20, 0), new Scalar(235, 235, 235, 0))) {
            Map<String, String> attributes = CropCaptions.attributes(crop, 2, 60, 100);
            assertEquals(Map.of("upper", "dark", "lower", "white", "motion", "towards"), attributes);
            assertEquals("a person in a dark top and white trousers walking towards the camera", CropCaptions.caption(attributes));
        }
    }

    @Test
    void motionIsMeasuredInBoxHeightsASecond() {
        assertEquals("standing", CropCaptions.motion(20, 0, 100), "0.2 heights a second");
        assertEquals("right", CropCaptions.motion(30, 10, 100));
        assertEquals("away", CropCaptions.motion(5, -30, 100));
        assertEquals("left", CropCaptions.motion(-30, 0, 100));
    }

    @Test
    void coloursAreNamedFromHueSaturationAndValue() {
        assertEquals("dark", CropCaptions.name(100, 200, 40));
        assertEquals("white", CropCaptions.name(0, 10, 220));
        assertEquals("grey", CropCaptions.name(0, 10, 120));
        assertEquals("green", CropCaptions.name(60, 200, 200));
        assertEquals("yellow", CropCaptions.name(30, 200, 200));
        assertEquals("brown", CropCaptions.name(15, 200, 100));
        assertEquals("purple", CropCaptions.name(145, 200, 200));
    }
}
