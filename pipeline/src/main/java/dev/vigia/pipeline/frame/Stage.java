package dev.vigia.pipeline.frame;

/**
 * One step of the pipeline, called for every frame in order, on its own thread.
 *
 * <p>{@code endOfBatch} is true when no further frame is waiting right now: a file sink flushes
 * then. {@code onStop} runs after the last frame, when the ring has drained: sinks close their
 * files there, so what they wrote stays valid.
 */
public interface Stage {

    /** Short name for statistics and logs ("detect", "track", "mp4"...). */
    String name();

    default void onStart() {}

    void onFrame(FrameEvent event, long sequence, boolean endOfBatch) throws Exception;

    /** No frame is waiting and this stage has skipped frames meant for others since its last one: a file sink flushes. */
    default void onIdle() throws Exception {}

    default void onStop() {}
}
