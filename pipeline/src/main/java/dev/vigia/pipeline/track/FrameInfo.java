package dev.vigia.pipeline.track;

/**
 * What a tracker knows of the frame besides its detections.
 *
 * @param frameIndex 0-based frame number
 * @param fps the source's real frame rate; trackers scale buffers given "in frames at 30 fps" by it
 */
public record FrameInfo(long frameIndex, long timestampMicros, double fps, int width, int height) {}
