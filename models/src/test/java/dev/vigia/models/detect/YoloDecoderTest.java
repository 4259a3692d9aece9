package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import org.junit.jupiter.api.Test;

class YoloDecoderTest {

    private static final FrameTransform IDENTITY = new FrameTransform(1, 1, 0, 0, 10_000, 10_000);

    @Test
    void v8ChannelsFirstKeepsTheBestOfOverlappingAnchors() {
        // 3 anchors, 2 classes: rows are cx, cy, w, h, class0, class1 across the anchors.
        float[] out = {
            100, 102, 400, // cx
            100, 101, 300, // cy
            40, 40, 20, // w
            80, 80, 20, // h
            0.1f, 0.2f, 0.05f, // class 0
            0.9f, 0.7f, 0.6f, // class 1
        };
        YoloDecoder decoder = new YoloDecoder(new YoloDecoder.Head("output_0", 8, false, 0.45f, 100), 640, 640, 2);
        Detections d = new Detections();
        decoder.decode(new float[][] {out}, IDENTITY, 0.3f, d);
        decoder.defaultSuppressor().apply(d);
        assertEquals(2, d.size(), "anchor 1 overlaps anchor 0 of the same class and is suppressed");
        assertEquals(0.9f, d.score(0), 1e-6);
        assertEquals(1, d.classId(0));
        assertEquals(80, d.x1(0), 1e-4);
        assertEquals(60, d.y1(0), 1e-4);
        assertEquals(120, d.x2(0), 1e-4);
        assertEquals(140, d.y2(0), 1e-4);
        assertEquals(390, d.x1(1), 1e-4);
    }

    @Test
    void v5RowsMultiplyObjectnessAndScaleNormalisedBoxesThroughTheLetterbox() {
        // 2 anchors, 2 classes, normalised: rows of cx, cy, w, h, objectness, class0, class1.
        float[] out = {
            0.5f, 0.5f, 0.25f, 0.5f, 0.8f, 0.9f, 0.1f,
            0.1f, 0.1f, 0.1f, 0.1f, 0.2f, 0.9f, 0.9f,
        };
        YoloDecoder decoder = new YoloDecoder(new YoloDecoder.Head("output_0", 5, true, 0.45f, 100), 640, 640, 2);
        // A 1280x720 frame letterboxed into 640x640: scale 0.5, 140 px bands above and below.
        FrameTransform letterbox = new FrameTransform(0.5f, 0.5f, 0, 140, 1280, 720);
        Detections d = new Detections();
        decoder.decode(new float[][] {out}, letterbox, 0.3f, d);
        decoder.defaultSuppressor().apply(d);
        assertEquals(1, d.size(), "the second anchor's objectness 0.2 keeps it under 0.3");
        assertEquals(0.72f, d.score(0), 1e-6);
        assertEquals(0, d.classId(0));
        // centre (320, 320) in the input, 160 x 320 -> (240..400, 160..480) -> frame x 480..800, y 40..680
        assertEquals(480, d.x1(0), 1e-3);
        assertEquals(40, d.y1(0), 1e-3);
        assertEquals(800, d.x2(0), 1e-3);
        assertEquals(680, d.y2(0), 1e-3);
    }

    @Test
    void unknownVersionIsAUserError() {
        assertThrows(UserError.class, () -> new YoloDecoder(new YoloDecoder.Head("o", 7, false, 0.45f, 10), 640, 640, 80));
    }
}
