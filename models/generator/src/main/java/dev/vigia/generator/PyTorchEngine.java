package dev.vigia.generator;

import ai.djl.engine.Engine;
import dev.vigia.config.VigiaHome;

/**
 * DJL's PyTorch engine, loaded on first use only: training and drawing images need it, nothing
 * else in Vigía does, so its native libraries (~500 MB unpacked) are never loaded by tracking.
 */
final class PyTorchEngine {

    static final String NAME = "PyTorch";
    private static volatile Engine engine;

    private PyTorchEngine() {}

    static Engine get() {
        Engine loaded = engine;
        if (loaded == null) {
            synchronized (PyTorchEngine.class) {
                loaded = engine;
                if (loaded == null) {
                    VigiaHome.prepareDjl();
                    try {
                        loaded = Engine.getEngine(NAME);
                    } catch (RuntimeException | LinkageError e) {
                        throw new IllegalStateException("Cannot start DJL's PyTorch engine: " + e.getMessage() + "; check that "
                                + VigiaHome.djlCache() + " is writable and has ~1 GB free", e);
                    }
                    engine = loaded;
                }
            }
        }
        return loaded;
    }
}
