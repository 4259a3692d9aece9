package dev.vigia.pipeline;

import dev.vigia.pipeline.frame.FrameEvent;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one stage records about each frame, into the run's totals and into the statistics of the
 * frame's source: its time, whether it failed, and (for the stage that finishes a frame) the
 * capture-to-done latency. When a stage keeps failing on one source's frames ({@link FailurePolicy})
 * that source is stopped; the other sources go on.
 */
final class FrameAccounting {

    private static final Logger LOG = LoggerFactory.getLogger(FrameAccounting.class);
    private static final int LOGGED_FAILURES = 3;

    private final String stage;
    private final PipelineStats.StageTimer totalTimer;
    private final PipelineStats.StageHealth totalHealth;
    private final PipelineStats.StageTimer[] sourceTimers;
    private final PipelineStats.StageHealth[] sourceHealth;
    private final long[] failuresInARow;
    private final int[] generations;
    private final FailurePolicy policy;
    private final IntConsumer stopSource;
    private final PipelineStats total;
    private final PipelineStats[] sources;
    private final boolean finishesFrames;

    FrameAccounting(String stage, PipelineStats total, PipelineStats[] sources, FailurePolicy policy, IntConsumer stopSource,
            boolean finishesFrames) {
        this.stage = stage;
        this.total = total;
        this.sources = sources;
        this.policy = policy;
        this.stopSource = stopSource;
        this.finishesFrames = finishesFrames;
        this.totalTimer = total.timer(stage);
        this.totalHealth = total.health(stage);
        this.sourceTimers = new PipelineStats.StageTimer[sources.length];
        this.sourceHealth = new PipelineStats.StageHealth[sources.length];
        for (int i = 0; i < sources.length; i++) {
            sourceTimers[i] = sources[i].timer(stage);
            sourceHealth[i] = sources[i].health(stage);
        }
        this.failuresInARow = new long[sources.length];
        this.generations = new int[sources.length];
    }

    void succeeded(FrameEvent event, long nanos) {
        int source = event.sourceId;
        failuresInARow[source] = 0;
        totalHealth.frameDone(false, null);
        sourceHealth[source].frameDone(false, null);
        timed(event, nanos);
    }

    void failed(FrameEvent event, Throwable error, long nanos) {
        failed(event.sourceId, event, error, nanos);
    }

    /** A failure of the stage's work for {@code source} (the event's own source, or a sink's when its flush failed). */
    void failed(int source, FrameEvent event, Throwable error, long nanos) {
        PipelineStats.StageHealth health = sourceHealth[source];
        if (generations[source] != health.generation()) {
            // The source was started again since this worker last failed on it: its count starts over.
            generations[source] = health.generation();
            failuresInARow[source] = 0;
        }
        failuresInARow[source]++;
        totalHealth.frameDone(true, error);
        health.frameDone(true, error);
        if (health.failuresSinceRestart() <= LOGGED_FAILURES) {
            LOG.warn("Stage '{}' failed on frame {} of {}: {}; skipping it", stage, event.frameIndex + 1,
                    sources[source].sourceName(), error.toString());
        }
        if (policy.tripped(failuresInARow[source], health.failuresSinceRestart(), health.framesSinceRestart()) && health.giveUp()) {
            LOG.error("Stage '{}' keeps failing on {} ({} of {} frames); stopping that source", stage,
                    sources[source].sourceName(), health.failuresSinceRestart(), health.framesSinceRestart());
            stopSource.accept(source);
        }
        timed(source, event, nanos);
    }

    private void timed(FrameEvent event, long nanos) {
        timed(event.sourceId, event, nanos);
    }

    private void timed(int source, FrameEvent event, long nanos) {
        totalTimer.record(nanos);
        sourceTimers[source].record(nanos);
        if (finishesFrames) {
            total.frameCompleted(event.captureNanos);
            sources[event.sourceId].frameCompleted(event.captureNanos);
        }
    }

    void batchDetected(int frames) {
        total.batchDetected(frames);
    }

    void finishFailed(Throwable error) {
        totalHealth.finishFailed(error);
    }
}
