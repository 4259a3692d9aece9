package dev.vigia.models.segment;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.InferenceThreads;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.precision.CpuFeatures;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionChooser;
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
        return person(store, id, device, Precision.FP32);
    }

    /** As {@link #person(ModelStore, String, DeviceChoice)}, run at {@code precision} (auto: as decided for this CPU, else fp32). */
    public static PersonSegmenter person(ModelStore store, String id, DeviceChoice device, Precision precision) {
        InstalledModel installed = ensure(store, id, FAMILY, "a segmenter", "selfie, meet");
        return new PersonSegmenter(installed.spec(), load(installed, device, precision));
    }

    /** A video matting model by id (pulled on first use), for a {@link VideoMatter} per source. */
    public static MattingModel matting(ModelStore store, String id, DeviceChoice device) {
        return matting(store, id, device, Precision.FP32);
    }

    /** As {@link #matting(ModelStore, String, DeviceChoice)}, run at {@code precision}. */
    public static MattingModel matting(ModelStore store, String id, DeviceChoice device, Precision precision) {
        InstalledModel installed = ensure(store, id, MATTING_FAMILY, "a video matting model", "rvm");
        return new MattingModel(installed.spec(), load(installed, device, precision));
    }

    private static SavedModelRunner load(InstalledModel installed, DeviceChoice device, Precision precision) {
        Precision run = new PrecisionChooser(CpuFeatures.thisMachine()).toRun(precision, installed.folder(), installed.savedModel());
        return SavedModelRunner.load(installed.savedModel(), device, InferenceThreads.tensorFlowDefault(), run);
    }

    /** The model, pulled on first use, once its family is known to be {@code family}. */
    private static InstalledModel ensure(ModelStore store, String id, String family, String what, String examples) {
        ModelSpec spec = store.spec(id);
        if (!spec.family().equals(family)) {
            throw new InvalidSettingException(Setting.SEGMENTER, id, "Model '" + id + "' is of the " + spec.family()
                    + " family, not " + what + "; choose a model of the " + family + " family (" + examples + ")");
        }
        return store.ensure(id);
    }
}
