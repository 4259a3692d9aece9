package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.models.boxes.Detections;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NanoDetDecoderTest {

    private static final int CLASSES = 3;
    private static final int BINS = 8;

    /** One level, stride 8, input 32 wide: a 4x4 grid of points. */
    private final NanoDetDecoder decoder = new NanoDetDecoder(
            new NanoDetDecoder.Head(List.of("s"), List.of("b"), new int[] {8}, BINS - 1, 0.5f, 100), 32, CLASSES);

    private static final FrameTransform IDENTITY = new FrameTransform(1, 1, 0, 0, 1000, 1000);

    @Test
    void sideDistanceIsTheExpectedBinTimesStrideAroundThePointCentre() {
        float[] scores = new float[16 * CLASSES];
        float[] boxes = new float[16 * 4 * BINS];
        Arrays.fill(boxes, -30f);
        int point = 1 * 4 + 2; // row 1, column 2: centre (2.5 * 8, 1.5 * 8) = (20, 12)
        scores[point * CLASSES + 2] = 0.9f;
        // Left certain at bin 1, top at bin 0, right at bin 3, bottom split evenly between bins 2 and 4.
        boxes[point * 4 * BINS + 0 * BINS + 1] = 30f;
        boxes[point * 4 * BINS + 1 * BINS + 0] = 30f;
        boxes[point * 4 * BINS + 2 * BINS + 3] = 30f;
        boxes[point * 4 * BINS + 3 * BINS + 2] = 30f;
        boxes[point * 4 * BINS + 3 * BINS + 4] = 30f;

        Detections out = new Detections();
        decoder.decode(new float[][] {scores, boxes}, IDENTITY, 0.3f, out);
        decoder.defaultSuppressor().apply(out);

        assertEquals(1, out.size());
        assertEquals(20 - 8, out.x1(0), 1e-3);
        assertEquals(12 - 0, out.y1(0), 1e-3);
        assertEquals(20 + 24, out.x2(0), 1e-3);
        assertEquals(12 + 24, out.y2(0), 1e-3);
        assertEquals(2, out.classId(0));
        assertEquals(0.9f, out.score(0), 1e-6);
    }

    @Test
    void overlappingCandidatesOfOneClassAreSuppressedButOtherClassesKept() {
        float[] scores = new float[16 * CLASSES];
        float[] boxes = new float[16 * 4 * BINS];
        Arrays.fill(boxes, 0f); // uniform bins: every side at the mean bin 3.5 -> 28 px
        scores[5 * CLASSES] = 0.8f;
        scores[6 * CLASSES] = 0.7f; // neighbour, same class, heavy overlap: suppressed
        scores[6 * CLASSES + 1] = 0.6f; // same place, other class: kept
        scores[9 * CLASSES] = 0.2f; // below threshold

        Detections out = new Detections();
        decoder.decode(new float[][] {scores, boxes}, IDENTITY, 0.3f, out);
        decoder.defaultSuppressor().apply(out);

        assertEquals(2, out.size());
        assertEquals(0.8f, out.score(0), 1e-6);
        assertEquals(0, out.classId(0));
        assertEquals(0.6f, out.score(1), 1e-6);
        assertEquals(1, out.classId(1));
    }

    @Test
    void boxesAreMappedBackThroughTheLetterbox() {
        float[] scores = new float[16 * CLASSES];
        float[] boxes = new float[16 * 4 * BINS];
        Arrays.fill(boxes, -30f);
        scores[0] = 0.9f; // point (0,0): centre (4, 4)
        for (int side = 0; side < 4; side++) {
            boxes[side * BINS] = 30f; // all distances 0
        }
        FrameTransform letterbox = new FrameTransform(0.5f, 0.5f, 0, 2, 64, 56);
        Detections out = new Detections();
        decoder.decode(new float[][] {scores, boxes}, letterbox, 0.3f, out);
        decoder.defaultSuppressor().apply(out);
        assertEquals(8, out.x1(0), 1e-3);
        assertEquals(4, out.y1(0), 1e-3);
    }
}
