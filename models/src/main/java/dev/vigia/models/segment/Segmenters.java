package dev.vigia.models.segment;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;

/** Opens segmentation models, as {@link dev.vigia.models.detect.Detectors} opens detectors. */
public final class Segmenters {

    public static final String FAMILY = "segmentation";
    public static final String MATTING_FAMILY = "matting";
    public static final String DEFAULT_PERSON_MODEL = "selfie";
    public static final String DEFAULT_MATTING_MODEL = "rvm";

    private Segmenters() {}

    /** A person segmenter by model id (pulled on first use); a model of another family is refused. */
    public static PersonSegmenter person(ModelStore store, String id, DeviceChoice device) {
        InstalledModel installed = ensure(store, id, FAMILY, "a segmenter", "selfie, meet");
        return new PersonSegmenter(installed.spec(), SavedModelRunner.load(installed.savedModel(), device));
    }

    /** A video matting model by id (pulled on first use), for a {@link VideoMatter} per source. */
    public static MattingModel matting(ModelStore store, String id, DeviceChoice device) {
        InstalledModel installed = ensure(store, id, MATTING_FAMILY, "a video matting model", "rvm");
        return new MattingModel(installed.spec(), SavedModelRunner.load(installed.savedModel(), device));
    }

    /** The model, pulled on first use, once its family is known to be {@code family}. */
    private static InstalledModel ensure(ModelStore store, String id, String family, String what, String examples) {
        ModelSpec spec = store.spec(id);
        if (!spec.family().equals(family)) {
            throw new InvalidSettingException("segmenter", id, "Model '" + id + "' is of the " + spec.family()
                    + " family, not " + what + "; choose a model of the " + family + " family (" + examples + ")");
        }
        return store.ensure(id);
    }
}
