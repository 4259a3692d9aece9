package dev.vigia.pipeline.render;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.FrameKey;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The drawn copy of a frame, hung on its ring slot beside the clean image: what the annotated
 * video, the preview and a dashboard show. The buffer is kept from frame to frame like the
 * slot's own image.
 */
public final class RenderedFrame {

    public static final FrameKey<RenderedFrame> KEY = FrameKey.of("rendered", RenderedFrame::new);

    private final Mat canvas = new Mat();
    /** The frame the canvas was drawn for: a slot carries other sources' frames, and a frame the render stage failed on keeps an old drawing. */
    private int drawnSource = -1;
    private long drawnFrame = -1;
    private long drawnCapture = -1;

    private RenderedFrame() {}

    /**
     * Draws {@code frame}: copies its clean image onto its slot's canvas and applies {@code layers}
     * there, first to last (each draws over the ones before). Returns the canvas.
     */
    public static Mat draw(FrameEvent frame, java.util.List<? extends Annotator> layers) {
        Mat canvas = frame.attribute(KEY).begin(frame);
        for (Annotator layer : layers) {
            layer.annotate(canvas, frame);
        }
        return canvas;
    }

    /** Starts the drawing of {@code frame}: the canvas becomes a copy of its clean image. */
    private Mat begin(FrameEvent frame) {
        drawnSource = -1;
        frame.image.copyTo(canvas);
        drawnSource = frame.sourceId;
        drawnFrame = frame.frameIndex;
        drawnCapture = frame.captureNanos;
        return canvas;
    }

    /** The drawn copy of {@code frame} when one was rendered for it, else its clean image. */
    public static Mat of(FrameEvent frame) {
        RenderedFrame rendered = frame.attribute(KEY);
        return rendered.drawnFor(frame) ? rendered.canvas : frame.image;
    }

    private boolean drawnFor(FrameEvent frame) {
        return drawnSource == frame.sourceId && drawnFrame == frame.frameIndex && drawnCapture == frame.captureNanos;
    }
}
