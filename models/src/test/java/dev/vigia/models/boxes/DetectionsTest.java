package dev.vigia.models.boxes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DetectionsTest {

    @Test
    void retainKeepsListedEntriesInListedOrderEvenWhenNotAscending() {
        Detections d = new Detections(2);
        for (int i = 0; i < 5; i++) {
            d.add(i, i, i + 1, i + 1, i / 10f, i);
        }
        d.retain(new int[] {4, 0, 2}, 3);
        assertEquals(3, d.size());
        assertEquals(4, d.classId(0));
        assertEquals(0, d.classId(1));
        assertEquals(2, d.classId(2));
        assertEquals(4f, d.x1(0));
        assertEquals(0.2f, d.score(2), 1e-6);
    }

    @Test
    void growsPastItsInitialCapacityAndClearResets() {
        Detections d = new Detections(1);
        for (int i = 0; i < 100; i++) {
            d.add(0, 0, 1, 1, 0.5f, i);
        }
        assertEquals(100, d.size());
        assertEquals(99, d.classId(99));
        d.clear();
        assertEquals(0, d.size());
    }

    @Test
    void iouOfHalfOverlappingBoxes() {
        Detection a = new Detection(0, 0, 10, 10, 1, 0, "a");
        assertEquals(50f / 150f, a.iou(5, 0, 15, 10), 1e-6);
        assertEquals(0f, a.iou(10, 10, 20, 20));
    }

    @Test
    void masksFollowTheirDetectionsThroughRetainAndGrowth() {
        Detections d = new Detections(1);
        d.useMasks(1, 2);
        for (int k = 0; k < 3; k++) {
            d.add(k, k, k + 1, k + 1, 0.5f, k);
            d.setMask(k, new float[] {k, 10 + k}, 0);
        }
        d.retain(new int[] {2, 0}, 2);
        assertEquals(2, d.classId(0));
        assertEquals(2f, d.maskArray()[0]);
        assertEquals(12f, d.maskArray()[1]);
        assertEquals(0f, d.maskArray()[2]);
        assertEquals(10f, d.maskArray()[3]);
        d.clear();
        assertEquals(false, d.hasMasks(), "the next frame starts without masks");
    }
}
