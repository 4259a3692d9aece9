package dev.vigia.models.detect;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.engine.SavedModelRunner;
import java.util.function.Supplier;

/**
 * A detection model loaded once (its weights on one device) and shared: each
 * {@link #newDetector()} is a cheap detector with its own predictor, preprocessing buffers and
 * decoder, for one thread, the way DJL hands out predictors over one {@code ZooModel}.
 *
 * <p>Closing the model releases it once the detectors made from it are closed too.
 */
public final class DetectorModel implements AutoCloseable {

    private final ModelSpec spec;
    private final LabelMap labels;
    private final SavedModelRunner runner;
    private final Supplier<OutputDecoder> decoders;
    private final DetectorOptions options;

    DetectorModel(ModelSpec spec, LabelMap labels, SavedModelRunner runner, Supplier<OutputDecoder> decoders, DetectorOptions options) {
        this.spec = spec;
        this.labels = labels;
        this.runner = runner;
        this.decoders = decoders;
        this.options = options;
    }

    /** A detector over this model for one thread. */
    public Detector newDetector() {
        OutputDecoder decoder = decoders.get();
        return new SavedModelDetector(spec.id(), runner.newRunner(), new ImagePreprocessor(spec.input(), spec.preprocess()),
                decoder, labels, options.scoreThreshold(), options.candidatesOnly() ? null : decoder.defaultSuppressor(),
                options.batchedInference());
    }

    /**
     * A detector over this model that returns every candidate above the score threshold, without
     * the family's suppression, whatever the options say: for a caller that detects a frame in
     * pieces and suppresses once over the whole ({@link #newSuppressor()}).
     */
    public Detector newCandidateDetector() {
        return new SavedModelDetector(spec.id(), runner.newRunner(), new ImagePreprocessor(spec.input(), spec.preprocess()),
                decoders.get(), labels, options.scoreThreshold(), null, options.batchedInference());
    }

    /** The family's own suppression, for one thread, as {@link #newDetector()} runs it; null for families that need none. */
    public dev.vigia.models.nms.Suppressor newSuppressor() {
        return decoders.get().defaultSuppressor();
    }

    /** Width in pixels of the image the model takes. */
    public int inputWidth() {
        return spec.input().width();
    }

    /** Height in pixels of the image the model takes. */
    public int inputHeight() {
        return spec.input().height();
    }

    public String id() {
        return spec.id();
    }

    public String family() {
        return spec.family();
    }

    public LabelMap labels() {
        return labels;
    }

    /** Whether its detections carry instance masks (Mask R-CNN exports). */
    public boolean givesMasks() {
        return decoders.get().givesMasks();
    }

    /** The most frames one inference takes (1 when the graph fixes its batch). */
    public int batchLimit() {
        return runner.batchLimit();
    }

    @Override
    public void close() {
        runner.close();
    }
}
