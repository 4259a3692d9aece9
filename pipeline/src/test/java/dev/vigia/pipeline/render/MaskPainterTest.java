package dev.vigia.pipeline.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detections;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class MaskPainterTest {

    @Test
    void theMaskIsResizedToItsBoxAndTintsOnlyThePixelsInside() {
        Mat frame = new Mat(100, 100, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0));
        Detections detections = new Detections();
        detections.useMasks(2, 2);
        detections.add(20, 20, 60, 60, 0.9f, 3);
        // Left column in, right column out.
        detections.setMask(0, new float[] {0.9f, 0.1f, 0.8f, 0.2f}, 0);

        try (MaskPainter painter = new MaskPainter()) {
            painter.overlay(frame, detections);
        }

        UByteIndexer pixels = frame.createIndexer();
        Scalar colour = Palette.color(3);
        for (int c = 0; c < 3; c++) {
            assertEquals(Math.round(colour.get(c) * 0.5), pixels.get(40, 28, c), 1, "left half of the box, channel " + c);
            assertEquals(0, pixels.get(40, 52, c), "right half of the box stays");
            assertEquals(0, pixels.get(10, 10, c), "outside the box stays");
        }
        assertTrue(colour.get(0) + colour.get(1) + colour.get(2) > 0, "the class colour is not black");
    }

    @Test
    void framesWithoutMasksAreLeftAlone() {
        Mat frame = new Mat(10, 10, opencv_core.CV_8UC3, new Scalar(7, 7, 7, 0));
        Detections detections = new Detections();
        detections.add(0, 0, 10, 10, 0.9f, 0);
        try (MaskPainter painter = new MaskPainter()) {
            painter.overlay(frame, detections);
        }
        assertEquals(7, ((UByteIndexer) frame.createIndexer()).get(5, 5, 1));
    }
}
