package dev.vigia.pipeline.render;

import dev.vigia.pipeline.frame.FrameEvent;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Draws one kind of thing (boxes, trails, masks, the heads-up line, zones, lines) onto the drawn
 * copy of a frame, from that frame's results. The render stage applies a source's annotators in
 * one declared order onto a copy ({@link RenderedFrame}), so the frame itself stays clean for
 * snapshots and every other reader.
 *
 * <p>Called on the render stage's thread, one frame at a time in order; an annotator that keeps
 * state from frame to frame (trails) belongs to one source.
 */
public interface Annotator extends AutoCloseable {

    /**
     * @param canvas the copy being drawn, BGR at the frame's size, with the earlier annotators' drawing on it
     * @param frame the frame's clean image, detections, tracks and attached values; read only
     */
    void annotate(Mat canvas, FrameEvent frame);

    /** Lets go of native buffers; called once when the render stage stops. */
    @Override
    default void close() {}
}
