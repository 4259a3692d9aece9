package dev.vigia.models.detect;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.precision.CpuFeatures;
import dev.vigia.models.precision.PrecisionChooser;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Opens a detector for an installed model, choosing the decoder by the model's family. */
public final class Detectors {

    public static final String DEFAULT_MODEL = "nanodet";

    private Detectors() {}

    /**
     * Opens a detector by model id, by family (the one installed model of that family) or by the
     * path of a model to import. Pulls a catalog model when needed (or repairs a damaged cache entry).
     */
    public static Detector open(ModelStore store, String modelIdOrFamily, DetectorOptions options) {
        return open(load(store, modelIdOrFamily, options));
    }

    /** Loads a model once, for detectors that share it (one per worker thread). */
    public static DetectorModel load(ModelStore store, String modelIdOrFamily, DetectorOptions options) {
        String modelId = resolve(store, modelIdOrFamily);
        ModelSpec spec = store.spec(modelId);
        requireDetectorFamily(spec);
        return load(store.ensure(modelId), options);
    }

    /** One detector that owns its model: closing the detector releases the model. */
    private static Detector open(DetectorModel model) {
        try (model) {
            return model.newDetector();
        }
    }

    /**
     * A model id as given, the single installed model of the family given, or the model imported
     * from the path given (imported now when it was not yet, or when the file changed since).
     */
    public static String resolve(ModelStore store, String modelIdOrFamily) {
        return resolve(store, modelIdOrFamily, false);
    }

    /**
     * As {@link #resolve(ModelStore, String)}; {@code trusted} lets a SavedModel given by path
     * hold ops outside the allow-list (see {@link ModelStore#importModel(Path, String, String, String, boolean)}).
     */
    public static String resolve(ModelStore store, String modelIdOrFamily, boolean trusted) {
        List<String> ids = store.ids();
        boolean family = DetectorFamily.byId(modelIdOrFamily).isPresent();
        if (!ids.contains(modelIdOrFamily) && !family
                && Files.exists(Path.of(modelIdOrFamily))) {
            return store.importedFrom(Path.of(modelIdOrFamily))
                    .orElseGet(() -> store.importModel(Path.of(modelIdOrFamily), null, null, null, trusted)).spec().id();
        }
        if (ids.contains(modelIdOrFamily) || !family) {
            return modelIdOrFamily;
        }
        // Installed models of the family first; else the catalog's (pulled on first use).
        List<String> ofFamily = ids.stream()
                .filter(id -> familyOf(store, id).equals(modelIdOrFamily) && store.installed(id).isPresent()).toList();
        if (ofFamily.isEmpty()) {
            ofFamily = store.catalog().all().stream().filter(spec -> spec.family().equals(modelIdOrFamily))
                    .map(ModelSpec::id).toList();
        }
        if (ofFamily.size() == 1) {
            return ofFamily.get(0);
        }
        if (ofFamily.isEmpty()) {
            throw new InvalidSettingException(Setting.DETECTOR_FAMILY, modelIdOrFamily, "No " + modelIdOrFamily
                    + " model is installed or in the catalog; import a TensorFlow SavedModel of that family first");
        }
        throw new InvalidSettingException(Setting.DETECTOR, "Several " + modelIdOrFamily + " models are available ("
                + String.join(", ", ofFamily) + "); choose one by id");
    }

    /** A model's family, or "" for an entry whose manifest cannot be read (it cannot be chosen by family). */
    private static String familyOf(ModelStore store, String id) {
        try {
            return store.spec(id).family();
        } catch (UserError e) {
            return "";
        }
    }

    public static Detector open(InstalledModel model, DetectorOptions options) {
        return open(load(model, options));
    }

    public static DetectorModel load(InstalledModel model, DetectorOptions options) {
        ModelSpec spec = model.spec();
        LabelMap labels = LabelMap.resolve(spec.labels());
        SavedModelRunner runner = SavedModelRunner.load(model.savedModel(), options.device(), options.threads(),
                new PrecisionChooser(CpuFeatures.thisMachine()).toRun(options.precision(), model.folder(), model.savedModel()));
        List<String> outputs = runner.outputNames();
        OutputDecoder decoder = decoder(spec, outputs);
        List<String> missing = decoder.outputNames().stream().filter(n -> !outputs.contains(n)).toList();
        if (!missing.isEmpty()) {
            runner.close();
            throw new UserError("Model '" + spec.id() + "' (" + model.savedModel() + ") has no output " + missing
                    + " that the " + spec.family() + " decoder reads; its outputs are " + outputs);
        }
        requireLabelsFitModel(spec, runner, decoder, labels);
        return new DetectorModel(spec, labels, runner, () -> decoder(spec, outputs), options);
    }

    /** Families whose first output ends in one score per class: the label map must name exactly that many. */
    private static void requireLabelsFitModel(ModelSpec spec, SavedModelRunner runner, OutputDecoder decoder, LabelMap labels) {
        if (!requireDetectorFamily(spec).scoresPerClass()) {
            return;
        }
        long[] shape = runner.outputShape(decoder.outputNames().get(0));
        long classes = shape == null || shape.length == 0 ? -1 : shape[shape.length - 1];
        if (classes > 0 && classes != labels.size()) {
            runner.close();
            throw new UserError("Labels '" + spec.labels() + "' name " + labels.size() + " classes but model '" + spec.id()
                    + "' predicts " + classes + "; give a labels file with one name per class, in the model's order");
        }
    }

    private static OutputDecoder decoder(ModelSpec spec, List<String> outputs) {
        return requireDetectorFamily(spec).decoder(spec, outputs, LabelMap.resolve(spec.labels()).size());
    }

    /** The model's detector family; a model of another family (segmentation, esrgan, ...) is refused. */
    public static DetectorFamily requireDetectorFamily(ModelSpec spec) {
        return DetectorFamily.byId(spec.family()).orElseThrow(() -> new UserError("Model '" + spec.id() + "' is of the "
                + spec.family() + " family, not an object detector; choose a model of the families "
                + String.join(", ", DetectorFamily.ids())));
    }
}
