package dev.vigia.pipeline;

/**
 * The entry point for programs that embed Vigía, and the one the command line uses:
 *
 * <pre>{@code
 * try (Engine engine = Vigia.engine()
 *         .source("cam1", "rtsp://cam-1/live")
 *         .source("lobby", "lobby.mp4")
 *         .detector("nanodet")
 *         .tracker("bytetrack")
 *         .onFrame(frame -> System.out.println(frame.source() + " " + frame.tracks().size()))
 *         .start()) {
 *     engine.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Every source has its own capture thread, tracker (ids are per source), renderer, outputs and
 * statistics; one detection model is loaded once and shared, detecting batches of frames from all
 * sources. See {@link EngineBuilder} for the settings (required and optional) and {@link Engine}
 * for the running handle.
 */
public final class Vigia {

    private Vigia() {}

    /** A new engine to configure; nothing is opened or loaded until {@link EngineBuilder#start()}. */
    public static EngineBuilder engine() {
        return new EngineBuilder();
    }
}
