package dev.vigia.pipeline.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigia.models.boxes.Detections;
import dev.vigia.pipeline.frame.FrameEvent;
import java.util.Set;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.junit.jupiter.api.Test;

/** Instance masks belong to tracks: each takes the mask of the detection it was updated with, follows its id and moves with its predicted box. */
class MaskStageTest {

    private static final int PERSON = 0;
    private static final int DOG = 16;

    private final MaskStage stage = new MaskStage(MaskMode.INSTANCE, null, null, Set.of(PERSON));
    private final FrameEvent event = new FrameEvent();

    @Test
    void masksFollowTrackIdsAndMoveWithPredictedBoxes() {
        event.image.create(80, 100, opencv_core.CV_8UC3);
        // Frame 1, detected: A (top half set) and B (bottom half set); the tracker reports B first.
        frame(0, true);
        detection(10, 10, 30, 50, PERSON, new float[] {1, 1, 0, 0});
        detection(60, 20, 80, 60, PERSON, new float[] {0, 0, 1, 1});
        event.tracks.add(7, 61, 21, 81, 61, 0.9f, PERSON, 1);
        event.tracks.add(3, 10, 11, 30, 51, 0.9f, PERSON, 0);
        stage.onFrame(event, 0, true);
        TrackMasks masks = event.attribute(MaskStage.MASKS);
        assertPlaced(masks.of(0), 60, 20, 20, 40, false);
        assertPlaced(masks.of(1), 10, 10, 20, 40, true);

        // Frame 2, predicted only: track 3 moved right by 40 and doubled in width; its mask follows.
        frame(1, false);
        event.tracks.add(3, 50, 11, 90, 51, 0.9f, PERSON);
        stage.onFrame(event, 1, true);
        assertPlaced(masks.of(0), 50, 10, 40, 40, true);

        // Frame 3, detected, but the tracker updated track 3 with nothing (only a dog is there): it keeps its mask.
        frame(2, true);
        detection(50, 11, 90, 51, DOG, new float[] {0, 0, 0, 0});
        event.tracks.add(3, 50, 11, 90, 51, 0.9f, PERSON, -1);
        event.tracks.add(9, 0, 0, 5, 5, 0.9f, PERSON, -1);
        stage.onFrame(event, 2, true);
        assertPlaced(masks.of(0), 50, 10, 40, 40, true);
        assertNull(masks.of(1), "a track no detection updated has no mask");
    }

    private void frame(long index, boolean detected) {
        event.frameIndex = index;
        event.detected = detected;
        event.detections.clear();
        event.tracks.clear();
        event.detections.useMasks(2, 2);
    }

    private void detection(float x1, float y1, float x2, float y2, int classId, float[] grid) {
        event.detections.add(x1, y1, x2, y2, 0.9f, classId);
        event.detections.setMask(event.detections.size() - 1, grid, 0);
    }

    /** The placed mask's position and size, and whether its top or its bottom half is set. */
    private static void assertPlaced(TrackMasks.Placed placed, int left, int top, int width, int height, boolean topHalf) {
        assertEquals(left, placed.left, "left");
        assertEquals(top, placed.top, "top");
        assertEquals(width, placed.mask.cols(), "width");
        assertEquals(height, placed.mask.rows(), "height");
        try (UByteIndexer pixels = placed.mask.createIndexer()) {
            assertEquals(topHalf ? 255 : 0, pixels.get(height / 4, width / 2));
            assertEquals(topHalf ? 0 : 255, pixels.get(3 * height / 4, width / 2));
        }
    }
}
