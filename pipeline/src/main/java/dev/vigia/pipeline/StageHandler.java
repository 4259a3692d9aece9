package dev.vigia.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Stage} as a Disruptor consumer: times each call into the stage's latency
 * histogram, keeps going when a frame fails (the failure is counted per stage, the frame passes
 * on), ends the run when the stage keeps failing ({@link FailurePolicy}), and reports each
 * finished frame at once so the stages behind can start on it.
 */
final class StageHandler implements EventHandler<FrameEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StageHandler.class);
    private static final int LOGGED_FAILURES = 3;

    private final Stage stage;
    private final PipelineStats.StageTimer timer;
    private final PipelineStats.StageHealth health;
    private final StageWaitStrategy waiting;
    private final FailurePolicy policy;
    private final Runnable stopRun;
    private Sequence progress;
    private long failuresInARow;

    StageHandler(Stage stage, PipelineStats stats, StageWaitStrategy waiting, FailurePolicy policy, Runnable stopRun) {
        this.stage = stage;
        this.waiting = waiting;
        this.policy = policy;
        this.stopRun = stopRun;
        this.timer = stats.timer(stage.name());
        this.health = stats.health(stage.name());
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
            failuresInARow = 0;
            health.frameDone(false, null);
        } catch (Exception | LinkageError e) {
            failuresInARow++;
            long failures = health.frameDone(true, e);
            if (failures <= LOGGED_FAILURES) {
                LOG.warn("Stage '{}' failed on frame {}: {}; skipping it", stage.name(), event.frameIndex + 1, e.toString());
            }
            if (policy.tripped(failuresInARow, failures, health.frames()) && health.giveUp()) {
                LOG.error("Stage '{}' keeps failing ({} of {} frames); stopping the run", stage.name(), failures, health.frames());
                stopRun.run();
            }
        }
        timer.record(System.nanoTime() - start);
        // Publish this frame as done now, not at the end of the batch, and wake the stages behind.
        progress.set(sequence);
        waiting.signalAllWhenBlocking();
    }

    @Override
    public void onShutdown() {
        try {
            stage.onStop();
        } catch (RuntimeException | LinkageError e) {
            health.finishFailed(e);
            LOG.debug("Stage '{}' could not finish", stage.name(), e);
        }
    }
}
