package dev.vigia.pipeline.motion;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;

/**
 * After tracking, reports each frame's tracks to the source's {@link MotionGate}, so capture keeps
 * detecting while a tracked object moves and confirms stopped ones at the gate's slow interval.
 * A source without motion gating gets a stage that does nothing.
 */
public final class MotionFeedbackStage implements Stage {

    private final MotionGate gate;
    private final SourceRegions regions;

    /** @param gate the source's gate, or null when the source is not gated */
    public MotionFeedbackStage(MotionGate gate) {
        this(gate, null);
    }

    /** @param regions the source's region planning, told where its tracks are; null when it detects whole frames */
    public MotionFeedbackStage(MotionGate gate, SourceRegions regions) {
        this.gate = gate;
        this.regions = regions;
    }

    @Override
    public String name() {
        return "motion";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        if (gate != null) {
            gate.tracked(event.tracks, event.detected);
        }
        if (regions != null) {
            regions.tracked(event.tracks);
        }
    }
}
