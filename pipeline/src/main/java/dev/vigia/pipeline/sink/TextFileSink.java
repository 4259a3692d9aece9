package dev.vigia.pipeline.sink;

import dev.vigia.config.UserError;
import dev.vigia.pipeline.FrameEvent;
import dev.vigia.pipeline.Stage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sink that writes lines of text per frame: flushed whenever the ring runs empty, so that what
 * a reader sees of the file is whole lines of whole frames, and closed at the end.
 */
abstract class TextFileSink implements Stage {

    private final Path file;
    private final BufferedWriter writer;

    TextFileSink(Path file) {
        this.file = file;
        try {
            this.writer = Files.newBufferedWriter(file);
        } catch (IOException e) {
            throw new UserError("Cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Appends this frame's lines. */
    abstract void write(FrameEvent event, BufferedWriter out) throws IOException;

    @Override
    public final void onFrame(FrameEvent event, long sequence, boolean endOfBatch) throws IOException {
        write(event, writer);
        if (endOfBatch) {
            writer.flush();
        }
    }

    @Override
    public void onStop() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish " + file, e);
        }
    }
}
