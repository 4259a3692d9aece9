package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.models.boxes.Detections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Darknet anchor heads on hand-made 2x2 grids, values worked out by hand. */
class YoloAnchorDecoderTest {

    private static final FrameTransform IDENTITY = new FrameTransform(1, 1, 0, 0, 10_000, 10_000);
    private static final float LOGIT_09 = (float) Math.log(0.9 / 0.1);

    @Test
    void v3CellOffsetsPixelAnchorsAndSigmoidClasses() {
        // 64x64 input, 2x2 grid (32 px cells), 1 anchor of 20x40 px, 2 classes.
        float[] out = new float[4 * 7];
        int cell = 3; // row 1, col 1
        out[cell * 7] = 0; // sigmoid 0.5 -> centre x = (1 + 0.5) / 2 * 64 = 48
        out[cell * 7 + 1] = 0;
        out[cell * 7 + 2] = (float) Math.log(2); // w = 2 x 20 = 40
        out[cell * 7 + 3] = 0; // h = 40
        out[cell * 7 + 4] = LOGIT_09; // objectness 0.9
        out[cell * 7 + 5] = -LOGIT_09; // class 0: 0.1 -> 0.09
        out[cell * 7 + 6] = LOGIT_09; // class 1: 0.9 -> 0.81
        for (int other = 0; other < 3; other++) {
            out[other * 7 + 4] = -10;
        }
        YoloAnchorDecoder decoder = new YoloAnchorDecoder(new YoloAnchorDecoder.Head(List.of("yolo_0"),
                new float[][] {{20, 40}}, "pixels", "sigmoid", 1f, 0.45f, 100), 64, 64, 2);
        Detections d = new Detections();
        decoder.decode(new float[][] {out}, IDENTITY, 0.3f, d);
        decoder.defaultSuppressor().apply(d);
        assertEquals(1, d.size());
        assertEquals(1, d.classId(0));
        assertEquals(0.81f, d.score(0), 1e-5);
        assertEquals(28, d.x1(0), 1e-4);
        assertEquals(28, d.y1(0), 1e-4);
        assertEquals(68, d.x2(0), 1e-4);
        assertEquals(68, d.y2(0), 1e-4);
    }

    @Test
    void v2GridAnchorsAndSoftmaxClasses() {
        // 64x64 input, 2x2 grid, 1 anchor of 1 x 0.5 cells, 2 classes with equal logits.
        float[] out = new float[4 * 7];
        for (int c = 0; c < 4; c++) {
            out[c * 7 + 4] = -10;
        }
        out[4] = LOGIT_09; // cell (0, 0)
        YoloAnchorDecoder decoder = new YoloAnchorDecoder(new YoloAnchorDecoder.Head(List.of("region_0"),
                new float[][] {{1, 0.5f}}, "grid", "softmax", 0f, 0.45f, 100), 64, 64, 2);
        Detections d = new Detections();
        decoder.decode(new float[][] {out}, IDENTITY, 0.3f, d);
        decoder.defaultSuppressor().apply(d);
        assertEquals(2, d.size(), "both classes at 0.9 x 0.5");
        assertEquals(0.45f, d.score(0), 1e-5);
        // centre (16, 16), 32 x 16 px
        assertEquals(0, d.x1(0), 1e-4);
        assertEquals(8, d.y1(0), 1e-4);
        assertEquals(32, d.x2(0), 1e-4);
        assertEquals(24, d.y2(0), 1e-4);
    }

    @Test
    void scaleXyStretchesTheCentreOffset() {
        float[] out = {10, 0, 0, 0, LOGIT_09};
        YoloAnchorDecoder decoder = new YoloAnchorDecoder(new YoloAnchorDecoder.Head(List.of("yolo_0"),
                new float[][] {{10, 10}}, "pixels", "none", 1.2f, 0.45f, 100), 32, 32, 1);
        Detections d = new Detections();
        decoder.decode(new float[][] {out}, IDENTITY, 0.3f, d);
        decoder.defaultSuppressor().apply(d);
        // sigmoid(10) x 1.2 - 0.1 = 1.09995: YOLOv4 lets the centre reach past its cell
        assertEquals(1.09995f * 32 - 5, d.x1(0), 1e-3);
    }
}
