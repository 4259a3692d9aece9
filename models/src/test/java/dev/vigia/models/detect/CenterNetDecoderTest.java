package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.models.boxes.Detections;
import org.junit.jupiter.api.Test;

class CenterNetDecoderTest {

    private static final int CLASSES = 2;
    private static final int GRID = 8; // 32 px input, stride 4

    private final CenterNetDecoder decoder = new CenterNetDecoder(
            new CenterNetDecoder.Head("heatmap", "wh", 4, 3, 10), 32, 32, CLASSES);

    private static void set(float[] heatmap, int x, int y, int c, float value) {
        heatmap[(y * GRID + x) * CLASSES + c] = value;
    }

    @Test
    void localMaximaBecomeBoxesAroundCellTimesStride() {
        float[] heatmap = new float[GRID * GRID * CLASSES];
        float[] wh = new float[GRID * GRID * 4];
        set(heatmap, 3, 2, 1, 0.9f);
        set(heatmap, 4, 2, 1, 0.6f); // neighbour of the peak: not a peak itself
        set(heatmap, 6, 6, 0, 0.5f); // a separate peak of another class
        set(heatmap, 1, 6, 0, 0.1f); // below threshold
        int cell = 2 * GRID + 3;
        wh[cell * 4] = 5;
        wh[cell * 4 + 1] = 6;
        wh[cell * 4 + 2] = 7;
        wh[cell * 4 + 3] = 8;

        Detections out = new Detections();
        decoder.decode(new float[][] {heatmap, wh}, new FrameTransform(1, 1, 0, 0, 32, 32), 0.3f, out);

        assertEquals(2, out.size());
        assertEquals(0.9f, out.score(0), 1e-6);
        assertEquals(1, out.classId(0));
        assertEquals(12 - 5, out.x1(0), 1e-6);
        assertEquals(8 - 6, out.y1(0), 1e-6);
        assertEquals(12 + 7, out.x2(0), 1e-6);
        assertEquals(8 + 8, out.y2(0), 1e-6);
        assertEquals(0, out.classId(1));
        assertEquals(24, out.x1(1), 1e-6);
    }

    @Test
    void keepsOnlyTheBestPeaksUpToTheLimit() {
        CenterNetDecoder limited = new CenterNetDecoder(new CenterNetDecoder.Head("heatmap", "wh", 4, 3, 2), 32, 32, CLASSES);
        float[] heatmap = new float[GRID * GRID * CLASSES];
        set(heatmap, 0, 0, 0, 0.4f);
        set(heatmap, 4, 0, 0, 0.8f);
        set(heatmap, 0, 4, 0, 0.6f);
        set(heatmap, 4, 4, 0, 0.5f);
        Detections out = new Detections();
        limited.decode(new float[][] {heatmap, new float[GRID * GRID * 4]}, new FrameTransform(1, 1, 0, 0, 32, 32), 0.3f, out);
        assertEquals(2, out.size());
        assertEquals(0.8f, out.score(0), 1e-6);
        assertEquals(0.6f, out.score(1), 1e-6);
    }
}
