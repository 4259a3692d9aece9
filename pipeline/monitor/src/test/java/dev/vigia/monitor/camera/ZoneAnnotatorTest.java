package dev.vigia.monitor.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.zones.Anchor;
import dev.vigia.pipeline.zones.Polygon;
import dev.vigia.pipeline.zones.SceneCounter;
import dev.vigia.pipeline.zones.SceneListener;
import dev.vigia.pipeline.zones.ZoneCounter;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** Zones drawn from the figures their frame carries, not from counters that have moved on. */
class ZoneAnnotatorTest {

    private static int[] pixel(Mat image, int x, int y) {
        try (UByteIndexer pixels = image.createIndexer()) {
            return new int[] {pixels.get(y, x, 0), pixels.get(y, x, 1), pixels.get(y, x, 2)};
        }
    }

    @Test
    void aZoneIsDrawnWithTheCountsOfItsFrameOnly() {
        ZoneCounter door = new ZoneCounter("door", Polygon.of(new double[][] {{10, 10}, {50, 10}, {50, 50}, {10, 50}}),
                Anchor.BOTTOM_CENTER, 1, 60, c -> true);
        SceneCounter scene = new SceneCounter(List.of(), List.of(door), new SceneListener() { });
        FrameEvent frame = new FrameEvent();
        new Mat(80, 100, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0)).copyTo(frame.image);
        frame.frameIndex = 4;
        scene.beginFrame(0.4);
        scene.observe(1, 0, 20, 20, 40, 40); // foot point (30, 40): inside
        scene.endFrame();
        SceneFigures.take(frame, scene);
        scene.beginFrame(0.5);
        scene.endFrame(); // the counter moves on (the object has left) before this frame is drawn
        assertEquals(0, door.occupancy());
        assertEquals(1, SceneFigures.of(frame).zones.get(0).occupancy(), "the frame keeps its own count");

        Mat canvas = frame.image.clone();
        new ZoneAnnotator().annotate(canvas, frame);
        assertArrayEquals(new int[] {255, 200, 0}, pixel(canvas, 30, 10), "the top edge, in the zone colour");
        assertArrayEquals(new int[] {0, 0, 0}, pixel(canvas, 30, 40), "inside, below the label, nothing");
        assertArrayEquals(new int[] {0, 0, 0}, pixel(frame.image, 30, 10), "the frame itself is untouched");

        frame.frameIndex = 5; // the slot's next frame, which the scene stage did not count
        assertNull(SceneFigures.of(frame));
        Mat later = frame.image.clone();
        new ZoneAnnotator().annotate(later, frame);
        assertArrayEquals(new int[] {0, 0, 0}, pixel(later, 30, 10), "no stale zone is drawn");
    }
}
