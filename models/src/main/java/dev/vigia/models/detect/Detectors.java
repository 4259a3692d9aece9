package dev.vigia.models.detect;

import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;

/** Opens a detector for an installed model, choosing the decoder by the model's family. */
public final class Detectors {

    public static final String DEFAULT_MODEL = "nanodet";

    private Detectors() {}

    /** Pulls the model when needed (or repairs a damaged cache entry), then opens it. */
    public static Detector open(ModelStore store, String modelId, DetectorOptions options) {
        ModelSpec spec = store.spec(modelId);
        requireDetectorFamily(spec);
        return open(store.ensure(modelId), options);
    }

    public static Detector open(InstalledModel model, DetectorOptions options) {
        ModelSpec spec = model.spec();
        OutputDecoder decoder = decoder(spec);
        LabelMap labels = LabelMap.resolve(spec.labels());
        SavedModelRunner runner = SavedModelRunner.load(model.savedModel(), options.device());
        return new SavedModelDetector(spec.id(), runner, new ImagePreprocessor(spec.input(), spec.preprocess()),
                decoder, labels, options.scoreThreshold());
    }

    private static OutputDecoder decoder(ModelSpec spec) {
        int classes = LabelMap.resolve(spec.labels()).size();
        return switch (requireDetectorFamily(spec)) {
            case "nanodet" -> new NanoDetDecoder(spec.head(NanoDetDecoder.Head.class), spec.input().width(), classes);
            case "centernet" -> new CenterNetDecoder(spec.head(CenterNetDecoder.Head.class),
                    spec.input().width(), spec.input().height(), classes);
            default -> throw new IllegalStateException("unreachable");
        };
    }

    private static String requireDetectorFamily(ModelSpec spec) {
        return switch (spec.family()) {
            case "nanodet", "centernet" -> spec.family();
            default -> throw new UserError("Model '" + spec.id() + "' is a " + spec.family()
                    + " model, not an object detector; choose nanodet or centernet");
        };
    }
}
