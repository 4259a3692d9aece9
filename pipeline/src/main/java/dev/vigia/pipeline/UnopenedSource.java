package dev.vigia.pipeline;

import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.source.SourceInfo;
import org.bytedeco.opencv.opencv_core.Mat;

/** Stands for a source that could not be opened beside others that could: its first read reports why. */
final class UnopenedSource implements Source {

    private final SourceInfo info;
    private final RuntimeException failure;

    UnopenedSource(String name, RuntimeException failure) {
        this.info = new SourceInfo(name, 0, 0, 30, false, 0);
        this.failure = failure;
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Status read(Mat into) {
        throw failure;
    }

    @Override
    public long timestampMicros() {
        return 0;
    }

    @Override
    public void close() {}
}
