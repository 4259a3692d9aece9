package dev.vigia.pipeline.track;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What a tracker knows of the frame besides its detections.
 *
 * @param frameIndex 0-based frame number
 * @param fps the source's real frame rate; trackers scale buffers given "in frames at 30 fps" by it
 * @param image the BGR frame, for trackers that estimate camera motion; null when tracking a detection file
 */
public record FrameInfo(long frameIndex, long timestampMicros, double fps, int width, int height, Mat image) {

    public FrameInfo(long frameIndex, long timestampMicros, double fps, int width, int height) {
        this(frameIndex, timestampMicros, fps, width, height, null);
    }
}
