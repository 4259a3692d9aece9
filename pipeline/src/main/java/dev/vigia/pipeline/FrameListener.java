package dev.vigia.pipeline;

/**
 * Told about every frame of every source once all stages are done with it, on a thread of its own
 * (a slow listener holds the ring back like any sink: return quickly, hand long work elsewhere).
 */
@FunctionalInterface
public interface FrameListener {

    void onFrame(FrameResult frame) throws Exception;
}
