package dev.vigia.pipeline;

import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.source.SourceInfo;

/**
 * Makes a caller's {@link Stage} for each source when the engine starts
 * ({@link EngineBuilder#beforeTracking}, {@link EngineBuilder#afterTracking}). Each instance sees
 * only its source's frames, in order, on the stage's own thread.
 */
public interface StageFactory {

    /** The stage's name in statistics and failure reports. */
    String name();

    Stage create(String source, SourceInfo info);

    static StageFactory of(String name, java.util.function.BiFunction<String, SourceInfo, Stage> make) {
        return new StageFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Stage create(String source, SourceInfo info) {
                return make.apply(source, info);
            }
        };
    }
}
