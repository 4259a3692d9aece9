package dev.vigia.pipeline;

import com.lmax.disruptor.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Stage} as a Disruptor consumer: times each call into the stage's latency
 * histogram and keeps going when a frame fails (the failure is counted and logged, the frame
 * passes on).
 */
final class StageHandler implements EventHandler<FrameEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StageHandler.class);

    private final Stage stage;
    private final PipelineStats.StageTimer timer;
    private final PipelineStats stats;

    StageHandler(Stage stage, PipelineStats stats) {
        this.stage = stage;
        this.stats = stats;
        this.timer = stats.timer(stage.name());
    }

    @Override
    public void onStart() {
        stage.onStart();
    }

    @Override
    public void onEvent(FrameEvent event, long sequence, boolean endOfBatch) {
        long start = System.nanoTime();
        try {
            stage.onFrame(event, sequence, endOfBatch);
        } catch (Exception | LinkageError e) {
            long failures = stats.stageFailed();
            if (failures <= 3) {
                LOG.warn("Stage '{}' failed on frame {}: {}; skipping it", stage.name(), event.frameIndex + 1, e.toString());
            }
        }
        timer.record(System.nanoTime() - start);
    }

    @Override
    public void onShutdown() {
        stage.onStop();
    }
}
