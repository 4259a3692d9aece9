package dev.vigia.pipeline.render;

import dev.vigia.pipeline.frame.FrameEvent;
import org.bytedeco.opencv.opencv_core.Mat;

/** Each detection's box in its class colour, tagged "label score" (a frame or image without tracking). */
public final class DetectionBoxAnnotator implements Annotator {

    private final DetectionPainter painter = new DetectionPainter();

    @Override
    public void annotate(Mat canvas, FrameEvent frame) {
        painter.paint(canvas, frame.detections);
    }
}
