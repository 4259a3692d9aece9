package dev.vigia.pipeline.stage;

import dev.vigia.models.nms.Suppressor;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;

/** Suppresses overlapping detections (greedy, soft or DIoU, as {@code --nms} chose) on detected frames. */
public final class NmsStage implements Stage {

    private final Suppressor suppressor;

    public NmsStage(Suppressor suppressor) {
        this.suppressor = suppressor;
    }

    @Override
    public String name() {
        return "nms";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        if (event.detected) {
            suppressor.apply(event.detections);
        }
    }
}
