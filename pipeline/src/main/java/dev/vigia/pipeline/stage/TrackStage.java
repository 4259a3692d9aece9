package dev.vigia.pipeline.stage;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.track.FrameInfo;
import dev.vigia.pipeline.track.Tracker;

/** Runs the tracker in frame order: update on detected frames, predict on skipped ones. */
public final class TrackStage implements Stage {

    private final Tracker tracker;
    private final double fps;

    public TrackStage(Tracker tracker, double fps) {
        this.tracker = tracker;
        this.fps = fps;
    }

    @Override
    public String name() {
        return "track";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        FrameInfo frame = new FrameInfo(event.frameIndex, event.timestampMicros, fps, event.image.cols(), event.image.rows(), event.image);
        if (event.detected) {
            tracker.update(event.detections, frame, event.tracks);
        } else {
            tracker.predict(frame, event.tracks);
        }
    }
}
