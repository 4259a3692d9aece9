package dev.vigia.pipeline;

/**
 * A user's output for one source (the engine makes one per source with the factory given to
 * {@link EngineBuilder#sink}). Called in frame order on its own thread; {@link #flush} when no
 * frame is waiting, {@link #close} once after the last frame. A sink that throws on a frame has the
 * failure counted against it and the run goes on, as for any stage.
 */
public interface Sink extends AutoCloseable {

    void accept(FrameResult frame) throws Exception;

    default void flush() throws Exception {}

    @Override
    default void close() throws Exception {}

    /** The name in statistics ("sink" unless overridden). */
    default String name() {
        return "sink";
    }
}
