package dev.vigia.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Stage} as a Disruptor consumer: times each call, keeps going when a frame fails
 * (the failure is counted, the frame passes on), stops a source whose frames keep failing
 * ({@link FrameAccounting}), and reports each finished frame at once so the stages behind can
 * start on it.
 */
final class StageHandler implements EventHandler<FrameEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StageHandler.class);

    private final Stage stage;
    private final FrameAccounting accounting;
    private final StageWaitStrategy waiting;
    private Sequence progress;

    StageHandler(Stage stage, FrameAccounting accounting, StageWaitStrategy waiting) {
        this.stage = stage;
        this.accounting = accounting;
        this.waiting = waiting;
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
        // A source's own sink is passed the other sources' frames only to learn when to flush: those are not its frames to count.
        boolean counted = !(stage instanceof SourceBoundStage bound) || bound.owns(event);
        try {
            stage.onFrame(event, sequence, endOfBatch);
            if (counted) {
                accounting.succeeded(event, System.nanoTime() - start);
            }
        } catch (Exception | LinkageError e) {
            // A flush that fails on another source's frame is still this sink's own source's failure.
            int source = stage instanceof SourceBoundStage bound ? bound.source() : event.sourceId;
            accounting.failed(source, event, e, System.nanoTime() - start);
        }
        // Publish this frame as done now, not at the end of the batch, and wake the stages behind.
        progress.set(sequence);
        waiting.signalAllWhenBlocking();
    }

    @Override
    public void onShutdown() {
        try {
            stage.onStop();
        } catch (RuntimeException | LinkageError e) {
            accounting.finishFailed(e);
            LOG.debug("Stage '{}' could not finish", stage.name(), e);
        }
    }
}
