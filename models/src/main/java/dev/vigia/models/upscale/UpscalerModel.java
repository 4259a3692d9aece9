package dev.vigia.models.upscale;

import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.engine.SavedModelRunner;

/**
 * A super-resolution model loaded once and shared, as {@link dev.vigia.models.detect.DetectorModel}
 * is for detectors: each {@link #newUpscaler()} has its own predictor for one thread. Closing the
 * model releases it once the upscalers made from it are closed too.
 */
public final class UpscalerModel implements AutoCloseable {

    private final ModelSpec spec;
    private final UpscaleHead head;
    private final SavedModelRunner runner;

    UpscalerModel(ModelSpec spec, UpscaleHead head, SavedModelRunner runner) {
        this.spec = spec;
        this.head = head;
        this.runner = runner;
    }

    public Upscaler newUpscaler() {
        return new Upscaler(spec.id(), runner.newRunner(), head);
    }

    public String id() {
        return spec.id();
    }

    public int scale() {
        return head.scale();
    }

    @Override
    public void close() {
        runner.close();
    }
}
