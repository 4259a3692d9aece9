package dev.vigia.pipeline.sink;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.render.RenderedFrame;
import java.nio.file.Path;
import org.bytedeco.javacv.FrameRecorder;

/** The annotated video of a source (the drawn copy, {@link RenderedFrame}; the clean frame when nothing renders), at its size and frame rate ({@link Mp4Writer} says how it survives a kill). */
public final class Mp4Sink implements Stage {

    private final Mp4Writer writer;

    public Mp4Sink(Path file, int width, int height, double fps) {
        this.writer = new Mp4Writer(file, width, height, fps);
    }

    public String encoder() {
        return writer.encoder();
    }

    @Override
    public String name() {
        return "mp4";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) throws FrameRecorder.Exception {
        writer.write(RenderedFrame.of(event));
    }

    @Override
    public void onStop() {
        writer.close();
    }
}
