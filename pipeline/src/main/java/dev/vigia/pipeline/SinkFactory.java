package dev.vigia.pipeline;

import dev.vigia.pipeline.source.SourceInfo;

/** Makes a user's {@link Sink} for each source when the engine starts. */
@FunctionalInterface
public interface SinkFactory {

    /**
     * @param source the source's name, as given to {@link EngineBuilder#source}
     * @param info what was opened: frame size, frame rate, whether it is live
     */
    Sink create(String source, SourceInfo info);
}
