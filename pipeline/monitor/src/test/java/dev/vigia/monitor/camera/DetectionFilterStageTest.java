package dev.vigia.monitor.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.monitor.config.ObjectFilter;
import dev.vigia.pipeline.frame.FrameEvent;
import java.util.List;
import java.util.Set;
import org.bytedeco.opencv.global.opencv_core;
import org.junit.jupiter.api.Test;

/** Which detections a camera keeps, on a 768 x 576 frame, worked out by hand. */
class DetectionFilterStageTest {

    @Test
    void keepsOnlyWhatPassesTheFilterAndLiesOutsideTheMasks() throws Exception {
        // People only, score 0.4 or more, 0.001 of the frame (442 px) to 20000 px, width/height 0.2 to 1.
        ObjectFilter filter = new ObjectFilter(Set.of(0), 0.4, 0.001, 20000, 0.2, 1.0);
        // The top 100 rows are masked, given as fractions of the frame.
        List<MonitorSetup.Shape> masks = List.of(new MonitorSetup.Shape(new double[][] {{0, 0}, {1, 0}, {1, 100 / 576.0}, {0, 100 / 576.0}}, true));
        DetectionFilterStage stage = new DetectionFilterStage(filter, masks);
        FrameEvent event = new FrameEvent();
        event.image.create(576, 768, opencv_core.CV_8UC3);
        event.detected = true;
        event.detections.add(100, 200, 140, 300, 0.9f, 0);   // kept: 4000 px, ratio 0.4
        event.detections.add(200, 200, 240, 300, 0.3f, 0);   // score too low
        event.detections.add(300, 200, 340, 300, 0.9f, 2);   // a car
        event.detections.add(400, 200, 410, 220, 0.9f, 0);   // 200 px: too small
        event.detections.add(500, 100, 700, 400, 0.9f, 0);   // 60000 px: too large
        event.detections.add(600, 200, 700, 250, 0.9f, 0);   // ratio 2: too wide
        event.detections.add(100, 20, 130, 90, 0.9f, 0);     // bottom centre (115, 90) under the mask
        event.detections.add(300, 50, 330, 120, 0.8f, 0);    // bottom centre (315, 120) below it: kept
        stage.onFrame(event, 0, true);
        assertEquals(2, event.detections.size());
        assertEquals(100, event.detections.x1(0), 0);
        assertEquals(300, event.detections.x1(1), 0);
        assertEquals(0.8f, event.detections.score(1), 0);
    }
}
