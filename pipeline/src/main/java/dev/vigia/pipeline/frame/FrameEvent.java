package dev.vigia.pipeline.frame;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.PreparedFrame;
import dev.vigia.pipeline.track.Tracks;
import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One slot of the ring buffer, allocated once and reused for every frame that passes through it
 * (hot path: the image buffer, detections, tracks and attached values keep their memory across frames).
 *
 * <p>Written by capture, then by each stage in pipeline order; a stage only reads what earlier
 * stages wrote. The Disruptor's sequence barriers make those writes visible.
 */
public final class FrameEvent {

    /** The frame, BGR, in source pixels. Stays clean: the render stage draws on a copy, and stages contribute annotators instead of drawing here. */
    public final Mat image = new Mat();
    public final Detections detections = new Detections();
    public final Tracks tracks = new Tracks();

    /** 0-based position of this frame among the frames its source delivered. */
    public long frameIndex;
    /** Media time for files, time since the pipeline started for live sources. */
    public long timestampMicros;
    /** {@link System#nanoTime()} when capture read the frame, for end-to-end latency. */
    public long captureNanos;
    /** Whether the detector ran on this frame ({@code detect_every} skips some). */
    public boolean detected;
    /** Which source the frame came from: its position in the pipeline's sources. */
    public int sourceId;
    /** The source's name, as given when the pipeline was built. */
    public String sourceName;

    // The engine's own hand-over between capture, preparation and detection (dev.vigia.pipeline).
    // Public only because the engine sits above this package; stages neither read nor write them.

    /** Set by capture: whether this frame is to be detected, and by which detection worker. */
    public boolean detectWanted;
    public int detectWorker;
    /** Set by the engine's preparer: the frame as the model's input, or why it could not be made. */
    public final PreparedFrame prepared = new PreparedFrame();
    public Throwable prepareFailure;

    private Object[] attributes = new Object[0];

    /**
     * This slot's value for {@code key}, made by the key's factory the first time the slot is
     * asked. Synchronized because sinks run side by side on the same slot; uncontended after that.
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T attribute(FrameKey<T> key) {
        if (key.index >= attributes.length) {
            attributes = Arrays.copyOf(attributes, key.index + 1);
        }
        Object value = attributes[key.index];
        if (value == null) {
            value = key.create();
            attributes[key.index] = value;
        }
        return (T) value;
    }

    /** The engine clears a slot's results before capture reuses it. */
    public void clearResults() {
        detections.clear();
        tracks.clear();
        detected = false;
    }
}
