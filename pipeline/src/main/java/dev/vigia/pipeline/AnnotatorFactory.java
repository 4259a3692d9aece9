package dev.vigia.pipeline;

import dev.vigia.pipeline.render.Annotator;
import dev.vigia.pipeline.source.SourceInfo;

/**
 * Makes a caller's {@link Annotator} for each source when the engine starts
 * ({@link EngineBuilder#annotate}); each instance draws only its source's frames, in order.
 */
@FunctionalInterface
public interface AnnotatorFactory {

    /**
     * @param source the source's name, as given to {@link EngineBuilder#source}
     * @param info what was opened: frame size, frame rate, whether it is live
     */
    Annotator create(String source, SourceInfo info);
}
