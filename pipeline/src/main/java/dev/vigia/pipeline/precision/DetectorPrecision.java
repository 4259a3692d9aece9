package dev.vigia.pipeline.precision;

import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.precision.CpuFeatures;
import dev.vigia.models.precision.PrecisionChooser;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.compare.LabelledImages;
import dev.vigia.samples.SampleMedia;

/**
 * The precision a detector runs at, decided before it is loaded: {@code auto} on a CPU with
 * native bf16 and no stored decision runs a {@link DetectorPrecisionTrial} on Vigía's labelled
 * {@code objects} set and the first {@link #VIDEO_FRAMES} frames of the sample video.
 */
public final class DetectorPrecision {

    static final String LABELLED_SET = "objects";
    static final String VIDEO = "vtest.avi";
    static final int VIDEO_FRAMES = 4;

    private DetectorPrecision() {}

    /** The decision for the detector {@code modelIdOrFamily} with {@code options}' precision on this machine's CPU. */
    public static PrecisionDecision decide(ModelStore store, String modelIdOrFamily, DetectorOptions options) {
        return decide(store, modelIdOrFamily, options, CpuFeatures.thisMachine());
    }

    /** As {@link #decide(ModelStore, String, DetectorOptions)} on the CPU {@code cpu} describes. */
    public static PrecisionDecision decide(ModelStore store, String modelIdOrFamily, DetectorOptions options, CpuFeatures cpu) {
        InstalledModel model = store.ensure(Detectors.resolve(store, modelIdOrFamily));
        return new PrecisionChooser(cpu).decide(options.precision(), model.folder(), model.savedModel(),
                () -> new DetectorPrecisionTrial(model, options, LabelledImages.open(LABELLED_SET),
                        LabelledImages.ofVideo(SampleMedia.standard().file(VIDEO), VIDEO_FRAMES).images()).run());
    }
}
