package dev.vigia.pipeline.sink;

import dev.vigia.config.UserError;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A sink that writes lines of text per frame. Lines are collected in memory and handed to the
 * file in one write of whole lines when the ring runs empty (or the buffer fills), so a file
 * never ends in half a line, even when the process is killed: the kernel has every write that
 * returned, and no write carries part of a line.
 */
abstract class TextFileSink implements Stage {

    private static final int FLUSH_BYTES = 64 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final StringBuilder pending = new StringBuilder(FLUSH_BYTES);
    private final java.nio.charset.CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
    private ByteBuffer bytes = ByteBuffer.allocate(0);

    TextFileSink(Path file) {
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UserError("Cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Appends this frame's lines, each ending in a newline. */
    abstract void write(FrameEvent event, StringBuilder out);

    /** Appends what belongs at the end of the file, when the run ends. */
    void finish(StringBuilder out) {}

    @Override
    public final void onFrame(FrameEvent event, long sequence, boolean endOfBatch) throws IOException {
        write(event, pending);
        if (endOfBatch || pending.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    @Override
    public final void onIdle() throws IOException {
        flush();
    }

    private void flush() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        // Encoded into a buffer reused from flush to flush (hot path: no allocation once it has grown).
        int needed = (int) Math.ceil(pending.length() * (double) encoder.maxBytesPerChar());
        if (bytes.capacity() < needed) {
            bytes = ByteBuffer.allocate(needed);
        }
        bytes.clear();
        encoder.reset();
        encoder.encode(java.nio.CharBuffer.wrap(pending), bytes, true);
        encoder.flush(bytes);
        bytes.flip();
        pending.setLength(0);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void onStop() {
        try (channel) {
            finish(pending);
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish " + file + ": " + e.getMessage(), e);
        }
    }
}
