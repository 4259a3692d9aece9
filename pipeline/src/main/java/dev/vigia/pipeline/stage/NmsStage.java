package dev.vigia.pipeline.stage;

import dev.vigia.models.nms.GreedyNms;
import dev.vigia.pipeline.FrameEvent;
import dev.vigia.pipeline.Stage;

/** Suppresses overlapping detections across workers and families (class-aware greedy NMS). */
public final class NmsStage implements Stage {

    private final GreedyNms nms;

    public NmsStage(float iouThreshold, int maxDetections) {
        this.nms = new GreedyNms(iouThreshold, true, maxDetections);
    }

    @Override
    public String name() {
        return "nms";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        if (event.detected) {
            nms.apply(event.detections);
        }
    }
}
