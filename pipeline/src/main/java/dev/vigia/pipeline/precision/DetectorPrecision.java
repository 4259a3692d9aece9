package dev.vigia.pipeline.precision;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.precision.CpuFeatures;
import dev.vigia.models.precision.PrecisionChooser;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.compare.LabelledImages;
import dev.vigia.samples.SampleMedia;
import java.util.List;

/**
 * The precision a detector runs at, decided before it is loaded: {@code auto} on a CPU with
 * native bf16 and no stored decision runs a {@link DetectorPrecisionTrial} on the first of Vigía's
 * labelled sets ({@code objects}, {@code faces}) with a class the detector names, and on the first
 * {@link #VIDEO_FRAMES} frames of that set's video.
 */
public final class DetectorPrecision {

    static final int VIDEO_FRAMES = 4;

    private DetectorPrecision() {}

    /** The decision for the detector {@code modelIdOrFamily} with {@code options}' precision on this machine's CPU. */
    public static PrecisionDecision decide(ModelStore store, String modelIdOrFamily, DetectorOptions options) {
        return decide(store, modelIdOrFamily, options, CpuFeatures.thisMachine());
    }

    /** As {@link #decide(ModelStore, String, DetectorOptions)} on the CPU {@code cpu} describes. */
    public static PrecisionDecision decide(ModelStore store, String modelIdOrFamily, DetectorOptions options, CpuFeatures cpu) {
        InstalledModel model = store.ensure(Detectors.resolve(store, modelIdOrFamily));
        return new PrecisionChooser(cpu).decide(options.precision(), model.folder(), model.savedModel(), () -> trial(model, options).run());
    }

    /**
     * The detector {@code modelIdOrFamily} loaded at the precision decided for it on this machine's
     * CPU ({@code options}' precision asked for: auto, fp32 or bf16), with that decision, for a
     * program that runs one detector and tells which precision it runs at and why.
     */
    public static Loaded load(ModelStore store, String modelIdOrFamily, DetectorOptions options) {
        PrecisionDecision decision = decide(store, modelIdOrFamily, options);
        return new Loaded(Detectors.load(store, modelIdOrFamily, options.withPrecision(decision.precision())), decision);
    }

    /** A detector model loaded at the precision {@code decision} chose; closing it closes the model. */
    public record Loaded(DetectorModel model, PrecisionDecision decision) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** The trial on the labelled set that has the detector's classes (objects when none has). */
    static DetectorPrecisionTrial trial(InstalledModel model, DetectorOptions options) {
        List<String> classes = LabelMap.resolve(model.spec().labels()).names();
        LabelledImages set = null;
        for (String name : LabelledImages.DEV_SETS) {
            LabelledImages candidate = LabelledImages.open(name);
            if (candidate.truth().categoryNames().stream().anyMatch(classes::contains)) {
                set = candidate;
                break;
            }
        }
        if (set == null) {
            set = LabelledImages.open(LabelledImages.DEV_SETS.get(0));
        }
        return new DetectorPrecisionTrial(model, options, set, LabelledImages.ofVideo(SampleMedia.standard().file(videoOf(set)), VIDEO_FRAMES).images());
    }

    /** The video the set takes frames from ({@code vtest.avi@25} names frame 25 of vtest.avi). */
    static String videoOf(LabelledImages set) {
        return set.truth().imageNames().stream().filter(n -> n.contains("@")).map(n -> n.substring(0, n.lastIndexOf('@')))
                .findFirst().orElseThrow(() -> new IllegalStateException("the set " + set.name() + " has no video frames"));
    }
}
