package dev.vigia.pipeline.source;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Where frames come from: a file, an image folder, a webcam, a network stream. Reads fill a
 * caller's Mat and say what happened; they never return null.
 *
 * <p>{@link #close()} may be called from another thread to end a blocked read.
 */
public interface Source extends AutoCloseable {

    /** What one read produced. */
    enum Status { FRAME, END_OF_STREAM, TIMEOUT, DISCONNECTED }

    SourceInfo info();

    /** Reads the next frame, BGR, into {@code into} (resized to the source's first size if it changed). */
    Status read(Mat into);

    /** Media time of the last frame for files; time since the source opened for live sources. */
    long timestampMicros();

    /** Frames that arrived damaged (the decoder reported errors while producing them). */
    default long badFrames() {
        return 0;
    }

    /** Times the source lost its connection and opened it again. */
    default long reconnects() {
        return 0;
    }

    /** Reads that produced nothing for longer than the stall limit (and were interrupted). */
    default long stalls() {
        return 0;
    }

    /**
     * Ends a read blocked right now, from another thread: the read returns TIMEOUT and the
     * connection counts as lost. Sources whose reads cannot block need do nothing.
     */
    default void interrupt() {}

    @Override
    void close();
}
