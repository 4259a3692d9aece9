package dev.vigia.pipeline;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;

/**
 * A sink of one source: it is handed only that source's frames. When the frame that ends a batch
 * belongs to another source, the sink is told it is idle, so a file sink still flushes when no
 * frame is waiting.
 */
final class SourceBoundStage implements Stage {

    private final Stage sink;
    private final int source;
    private boolean unflushed;

    SourceBoundStage(Stage sink, int source) {
        this.sink = sink;
        this.source = source;
    }

    int source() {
        return source;
    }

    boolean owns(FrameEvent event) {
        return event.sourceId == source;
    }

    @Override
    public String name() {
        return sink.name();
    }

    @Override
    public void onStart() {
        sink.onStart();
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) throws Exception {
        if (event.sourceId == source) {
            sink.onFrame(event, sequence, endOfBatch);
            unflushed = !endOfBatch;
        } else if (endOfBatch && unflushed) {
            unflushed = false;
            sink.onIdle();
        }
    }

    @Override
    public void onStop() {
        sink.onStop();
    }
}
