package dev.vigia.pipeline;

import dev.vigia.models.detect.Detector;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.source.Source;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Builds the engine's internal pipeline around hand-made sources and stages, for tests in other
 * packages (sources, sinks) that need a real ring and real stage threads but not the engine's
 * standard wiring; in the manner of Netty's {@code EmbeddedChannel}.
 */
public final class PipelineHarness {

    private final Pipeline.Builder builder = Pipeline.builder();
    private Pipeline built;

    public PipelineHarness source(Source source, CaptureMode mode) {
        builder.source(source, mode);
        return this;
    }

    public PipelineHarness source(String name, Source source, CaptureMode mode, int detectEvery) {
        builder.source(name, source, mode, detectEvery, 0);
        return this;
    }

    public PipelineHarness detectors(List<? extends Detector> workers, int batch) {
        builder.detectors(workers, batch);
        return this;
    }

    public PipelineHarness firstStages(List<? extends Stage> stages) {
        builder.firstStages(stages);
        return this;
    }

    public PipelineHarness then(Stage stage) {
        builder.then(stage);
        return this;
    }

    public PipelineHarness sinks(List<? extends Stage> sinks) {
        builder.sinks(sinks);
        return this;
    }

    public PipelineHarness stats(PipelineStats stats) {
        builder.stats(stats);
        return this;
    }

    public PipelineHarness maxFrames(long frames) {
        builder.maxFrames(frames);
        return this;
    }

    public PipelineHarness duration(Duration duration) {
        builder.duration(duration);
        return this;
    }

    public PipelineHarness realtime(boolean realtime) {
        builder.realtime(realtime);
        return this;
    }

    public PipelineHarness build() {
        built = builder.build();
        return this;
    }

    public PipelineStats run() {
        return (built != null ? built : build().built).run();
    }

    public void requestStop() {
        built.requestStop();
    }

    public Map<String, PipelineStats> sourceStats() {
        return built.sourceStats();
    }
}
