package dev.vigia.pipeline.track;

import dev.vigia.models.boxes.Detections;

/**
 * Links detections across frames into tracks with stable ids. One instance per stream: ids
 * belong to the instance and start at 1; {@link #reset()} starts over.
 *
 * <p>Called from one thread, in frame order.
 */
public interface Tracker {

    /** Associates this frame's detections with the tracks and writes the tracks to report into {@code out}. */
    void update(Detections detections, FrameInfo frame, Tracks out);

    /**
     * A frame the detector skipped ({@code --detect-every}): move the tracks by their motion
     * model and report them, without creating or ending tracks.
     */
    void predict(FrameInfo frame, Tracks out);

    void reset();

    /** Whether {@link #update} needs {@link FrameInfo#image()}: detection files, which have no images, cannot feed it. */
    default boolean needsImages() {
        return false;
    }

    /**
     * How many objects the tracker holds between frames: its tracks (active and lost) and their
     * stored history. Bounded however long a stream runs; tests check it.
     */
    int stateSize();

    String name();
}
