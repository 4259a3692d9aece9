package dev.vigia.pipeline;

import dev.vigia.models.boxes.Detections;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.FrameKey;
import dev.vigia.pipeline.track.Tracks;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What a {@link FrameListener} or {@link Sink} sees of one frame: its source, number, time,
 * detections and tracks (with their per-source ids), and any value a stage attached with a
 * {@link FrameKey}. A view of the ring slot, valid only during the call: keep what you need by
 * copying it; the image is copied only when asked ({@link #copyImage}).
 */
public final class FrameResult {

    private FrameEvent event;

    FrameResult() {}

    FrameResult of(FrameEvent frame) {
        this.event = frame;
        return this;
    }

    /** The source's name, as given to {@link EngineBuilder#source}. */
    public String source() {
        return event.sourceName;
    }

    /** 0-based number of this frame among its source's frames. */
    public long frameIndex() {
        return event.frameIndex;
    }

    /** Media time for files, time since the start for live sources. */
    public long timestampMicros() {
        return event.timestampMicros;
    }

    /** Whether the detector ran on this frame (with {@code detectEvery} n it runs on every n-th). */
    public boolean detected() {
        return event.detected;
    }

    /** The detections of this frame, in source pixels (empty when it was not detected). */
    public Detections detections() {
        return event.detections;
    }

    /** The tracks the tracker reports for this frame. */
    public Tracks tracks() {
        return event.tracks;
    }

    public int width() {
        return event.image.cols();
    }

    public int height() {
        return event.image.rows();
    }

    /** The clean frame (BGR, as decoded; never drawn on), copied into {@code into}. */
    public Mat copyImage(Mat into) {
        event.image.copyTo(into);
        return into;
    }

    /**
     * The frame as the engine drew it (boxes, trails, the caller's annotators) when it renders,
     * else the clean frame, copied into {@code into}.
     */
    public Mat copyRenderedImage(Mat into) {
        dev.vigia.pipeline.render.RenderedFrame.of(event).copyTo(into);
        return into;
    }

    /**
     * The crops this frame was detected in, when its source detects regions (motion config
     * {@code regions: true}); empty when the frame was detected whole, not detected, or its source
     * detects whole frames. Valid during the call, like the rest.
     */
    public dev.vigia.pipeline.motion.RegionPlan regions() {
        RegionSlot slot = event.attribute(RegionSlot.KEY);
        return slot.plannedFor(event) ? slot.plan : new dev.vigia.pipeline.motion.RegionPlan();
    }

    /** A value attached to this frame by a stage. */
    public <T> T attribute(FrameKey<T> key) {
        return event.attribute(key);
    }
}
