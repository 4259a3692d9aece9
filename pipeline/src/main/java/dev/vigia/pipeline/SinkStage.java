package dev.vigia.pipeline;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;

/** Runs a user's {@link Sink} or {@link FrameListener} as a stage. */
final class SinkStage implements Stage {

    private final String name;
    private final Sink sink;
    private final FrameResult view = new FrameResult();

    SinkStage(String name, Sink sink) {
        this.name = name;
        this.sink = sink;
    }

    static SinkStage listening(FrameListener listener) {
        return new SinkStage("listener", listener::onFrame);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) throws Exception {
        sink.accept(view.of(event));
        if (endOfBatch) {
            sink.flush();
        }
    }

    @Override
    public void onIdle() throws Exception {
        sink.flush();
    }

    @Override
    public void onStop() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + " could not close: " + e.getMessage(), e);
        }
    }
}
