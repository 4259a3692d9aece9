package dev.vigia.models.segment;

import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.engine.SavedModelRunner;
import java.util.List;

/**
 * A video matting model (Robust Video Matting) loaded once; each {@link #newMatter()} carries the
 * recurrent state of one video, so each source gets its own.
 */
public final class MattingModel implements AutoCloseable {

    /**
     * The catalog's {@code head:} of a matting model: input and output tensor names, and the
     * fraction of the frame's size the backbone runs at.
     */
    public record Head(String image, String ratio, List<String> statesIn, List<String> statesOut, String alpha,
            float downsampleRatio) {}

    private final ModelSpec spec;
    private final Head head;
    private final SavedModelRunner runner;

    MattingModel(ModelSpec spec, SavedModelRunner runner) {
        this.spec = spec;
        this.head = spec.head(Head.class);
        this.runner = runner;
    }

    public VideoMatter newMatter() {
        return new VideoMatter(spec.id(), head, runner.newRunner());
    }

    public String id() {
        return spec.id();
    }

    @Override
    public void close() {
        runner.close();
    }
}
