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

    /** @param gate the source's gate, or null when the source is not gated */
    public MotionFeedbackStage(MotionGate gate) {
        this.gate = gate;
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
    }
}
