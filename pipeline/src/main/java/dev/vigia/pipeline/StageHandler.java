package dev.vigia.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Stage} as a Disruptor consumer: times each call into the stage's latency
 * histogram, keeps going when a frame fails (the failure is counted and logged, the frame passes
 * on), and reports each finished frame at once so the stages behind can start on it.
 */
final class StageHandler implements EventHandler<FrameEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StageHandler.class);

    private final Stage stage;
    private final PipelineStats.StageTimer timer;
    private final PipelineStats stats;
    private final StageWaitStrategy waiting;
    private Sequence progress;

    StageHandler(Stage stage, PipelineStats stats, StageWaitStrategy waiting) {
        this.stage = stage;
        this.stats = stats;
        this.waiting = waiting;
        this.timer = stats.timer(stage.name());
    }

    @Override
    public void setSequenceCallback(Sequence sequenceCallback) {
        this.progress = sequenceCallback;
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
        // Publish this frame as done now, not at the end of the batch, and wake the stages behind.
        progress.set(sequence);
        waiting.signalAllWhenBlocking();
    }

    @Override
    public void onShutdown() {
        stage.onStop();
    }
}
