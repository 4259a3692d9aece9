package dev.vigia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.app.common.TrustModelOption;
import dev.vigia.config.UserError;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.bench.SmallObjectBenchmark;
import dev.vigia.pipeline.motion.MotionConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Thin layer over {@link SmallObjectBenchmark}: small pasted people, detected whole-frame and by motion regions. */
@Command(name = "regions", mixinStandardHelpOptions = true,
        description = "Small objects: people from a video shrunk and pasted into a large plate, detected whole-frame and by motion regions: "
                + "recall and AP on the pasted boxes, inferences and time per scene, in the same run.")
final class BenchRegionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchVideoOption source;

    @Mixin
    TrustModelOption trustModel;

    @Option(names = "--detector", defaultValue = "nanodet", paramLabel = "ID", description = "Detector (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--size", defaultValue = "1920x1080", paramLabel = "WxH", description = "The plate's size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--scenes", defaultValue = "20", paramLabel = "N", description = "Scenes (default: ${DEFAULT-VALUE}).")
    int scenes;

    @Option(names = "--people", defaultValue = "4", paramLabel = "N", description = "People pasted per scene (default: ${DEFAULT-VALUE}).")
    int people;

    @Option(names = "--heights", defaultValue = "20-40", paramLabel = "MIN-MAX", description = "Pasted heights in pixels (default: ${DEFAULT-VALUE}).")
    String heights;

    @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Seed of the places and sizes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--motion-frame-height", defaultValue = "360", paramLabel = "PX",
            description = "The motion detector's grey frame height (default: ${DEFAULT-VALUE}; at 100, people 20 px tall in 1080p are 2 grey pixels).")
    int motionFrameHeight;

    @Option(names = "--save-scene", paramLabel = "FILE.png",
            description = "Write the first scene with the labels (green), crops (blue) and people found by regions (red) drawn.")
    java.nio.file.Path saveScene;

    @Option(names = "--json", description = "Print the settings and both ways' figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int[] plate = pair(size, "x", "--size");
        int[] range = pair(heights, "-", "--heights");
        MotionConfig d = MotionConfig.defaults();
        SmallObjectBenchmark.Settings settings;
        try {
            MotionConfig motion = new MotionConfig(motionFrameHeight, d.threshold(), d.contourArea(), d.alpha(), d.dilation(),
                    d.wholeFrameFraction(), d.confirmInterval(), d.masks(), true);
            settings = new SmallObjectBenchmark.Settings(plate[0], plate[1], scenes, people, range[0], range[1], seed,
                    DetectorOptions.DEFAULT_SCORE, motion);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + "; check --size, --scenes, --people, --heights and --motion-frame-height");
        }
        // Low-scoring candidates are kept for AP; recall counts those at the usual threshold (0.3).
        DetectorOptions options = new DetectorOptions(0.05f, DeviceChoice.AUTO);
        SmallObjectBenchmark.Result result;
        try (DetectorModel model = Detectors.load(ModelStore.standard(), trustModel.detector(detector), options)) {
            result = SmallObjectBenchmark.run(model, source.video(), settings, saveScene);
        }
        report(result);
        return 0;
    }

    private static int[] pair(String text, String separator, String flag) {
        String[] parts = text.split(java.util.regex.Pattern.quote(separator));
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new UserError(flag + " must be two whole numbers joined by '" + separator + "', got '" + text + "'");
    }

    private void report(SmallObjectBenchmark.Result result) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.valueToTree(result);
            out.println(mapper.writeValueAsString(root));
            return;
        }
        SmallObjectBenchmark.Settings s = result.settings();
        out.printf(Locale.ROOT, "%d scenes of %dx%d, %d people each %d-%d px tall (%d labelled, pasted from %d people found in the video)%n",
                s.scenes(), s.width(), s.height(), s.people(), s.minHeight(), s.maxHeight(), result.labelled(), result.sourcePeople());
        out.printf(Locale.ROOT, "region plans: %d of %d scenes fell back to the whole frame; %d of %d labelled people inside a crop%n",
                result.scenesWhole(), s.scenes(), result.labelsInCrops(), result.labelled());
        for (SmallObjectBenchmark.Way way : new SmallObjectBenchmark.Way[] {result.wholeFrame(), result.regions()}) {
            out.printf(Locale.ROOT, "%-12s recall %.3f (%d of %d at score >= %.2f), AP50 %.3f, %.2f inferences and %.0f ms per scene%n",
                    way.name(), way.recall(), way.found(), way.labelled(), s.recallScore(), way.ap(), way.inferencesPerScene(), way.millisPerScene());
        }
        double ratio = result.wholeFrame().millisPerScene() > 0 ? result.regions().millisPerScene() / result.wholeFrame().millisPerScene() : 0;
        out.printf(Locale.ROOT, "time per scene, regions / whole frame: %.2f%n", ratio);
    }
}
