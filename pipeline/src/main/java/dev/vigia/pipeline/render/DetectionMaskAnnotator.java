package dev.vigia.pipeline.render;

import dev.vigia.pipeline.frame.FrameEvent;
import org.bytedeco.opencv.opencv_core.Mat;

/** Each detection's instance mask (Mask R-CNN) tinted in its class colour; nothing for detections without masks. */
public final class DetectionMaskAnnotator implements Annotator {

    private final MaskPainter painter = new MaskPainter();

    @Override
    public void annotate(Mat canvas, FrameEvent frame) {
        painter.overlay(canvas, frame.detections);
    }

    @Override
    public void close() {
        painter.close();
    }
}
