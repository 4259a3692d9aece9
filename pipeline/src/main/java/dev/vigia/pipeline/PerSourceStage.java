package dev.vigia.pipeline;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;

/**
 * One stage with an instance per source: each frame goes to its source's instance, so trackers,
 * trails and snapshots keep state per source and track ids are independent between sources.
 */
final class PerSourceStage implements Stage {

    private final String name;
    private final java.util.List<Stage> bySource;

    PerSourceStage(String name, java.util.List<Stage> bySource) {
        this.name = name;
        this.bySource = bySource;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void onStart() {
        bySource.forEach(Stage::onStart);
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) throws Exception {
        bySource.get(event.sourceId).onFrame(event, sequence, endOfBatch);
    }

    @Override
    public void onStop() {
        RuntimeException first = null;
        for (Stage stage : bySource) {
            try {
                stage.onStop();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
