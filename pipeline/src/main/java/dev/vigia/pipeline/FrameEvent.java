package dev.vigia.pipeline;

import dev.vigia.models.detect.Detections;
import dev.vigia.pipeline.track.Tracks;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One slot of the ring buffer, allocated once and reused for every frame that passes through it
 * (hot path: the image buffer, detections and tracks keep their memory across frames).
 *
 * <p>Written by capture, then by each stage in pipeline order; a stage only reads what earlier
 * stages wrote. The Disruptor's sequence barriers make those writes visible.
 */
public final class FrameEvent {

    /** The frame, BGR, in source pixels. The renderer draws onto it in place. */
    public final Mat image = new Mat();
    public final Detections detections = new Detections();
    public final Tracks tracks = new Tracks();

    /** 0-based position of this frame among the frames the source delivered. */
    public long frameIndex;
    /** Media time for files, time since the pipeline started for live sources. */
    public long timestampMicros;
    /** {@link System#nanoTime()} when capture read the frame, for end-to-end latency. */
    public long captureNanos;
    /** Whether the detector ran on this frame ({@code --detect-every} skips some). */
    public boolean detected;
    /** Which source the frame came from, for pipelines that read several. */
    public int sourceId;

    void clearResults() {
        detections.clear();
        tracks.clear();
        detected = false;
    }
}
