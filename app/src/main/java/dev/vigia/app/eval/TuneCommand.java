package dev.vigia.app.eval;

import dev.vigia.app.common.TrustModelOption;
import dev.vigia.config.UserError;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.eval.MotFile;
import dev.vigia.pipeline.eval.TrackerTuning;
import dev.vigia.pipeline.eval.VideoDetections;
import dev.vigia.pipeline.track.Trackers;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tune", mixinStandardHelpOptions = true, description = "Tune settings on your own labelled data.",
        subcommands = {TuneCommand.TrackerCommand.class})
public final class TuneCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "tracker", mixinStandardHelpOptions = true,
            description = {"Search a tracker's parameters for the best HOTA or IDF1 against your ground truth and write them as",
                    "a tracker YAML for --tracker FILE.yaml. Trial 0 is the starting settings; the others are drawn at random",
                    "(seeded), so the result is never worse than the start on these data. Each trial is an 'eval mot' run."})
    static final class TrackerCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--gt", required = true, paramLabel = "GT", description = "Ground truth of the detections' frames (MOTChallenge gt.txt).")
        Path gt;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Input input;

        static final class Input {
            @Option(names = "--detections", paramLabel = "FILE", description = "A MOTChallenge detection file (det.txt).")
            Path detections;

            @Option(names = "--source", paramLabel = "VIDEO",
                    description = "A video: detected once (the detections are kept, see --detections-cache), then tuned on.")
            Path source;
        }

        @Option(names = "--tracker", paramLabel = "NAME|FILE.yaml", defaultValue = Trackers.DEFAULT,
                description = "Tracker to tune and its starting settings: a name or a tracker YAML (default: ${DEFAULT-VALUE}).")
        String tracker;

        @Option(names = "--tracker-param", paramLabel = "KEY=VALUE", description = "Change a starting setting (repeatable).")
        Map<String, String> trackerParams;

        @Option(names = "--metric", paramLabel = "HOTA|IDF1", defaultValue = "HOTA", description = "What to maximise (default: ${DEFAULT-VALUE}).")
        String metric;

        @Option(names = "--trials", paramLabel = "N", defaultValue = "30",
                description = "Trials in all, the starting settings included (default: ${DEFAULT-VALUE}).")
        int trials;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the random search (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--fps", paramLabel = "FPS",
                description = "Frame rate of the frames (default: the video's with --source, else 30); trackers' buffers scale by it.")
        Double fps;

        @Option(names = "--detector", paramLabel = "ID", defaultValue = Detectors.DEFAULT_MODEL,
                description = "Detector of --source (default: ${DEFAULT-VALUE}).")
        String detector;

        @Mixin
        TrustModelOption trustModel;

        @Option(names = "--classes", paramLabel = "NAME,...", split = ",", defaultValue = "person",
                description = "Classes of --source's detections that are tracked (default: ${DEFAULT-VALUE}), as the ground truth labels.")
        List<String> classes;

        @Option(names = "--detections-cache", paramLabel = "FILE",
                description = "Where --source's detections are kept and reused from (default: beside --out, VIDEO.DETECTOR.KEY.det.txt,"
                        + " KEY telling this video file, detector, score threshold and classes from others).")
        Path detectionsCache;

        @Option(names = "--out", required = true, paramLabel = "FILE.yaml", description = "The tuned tracker YAML.")
        Path out;

        @Option(names = "--overwrite", description = "Replace an existing --out (default: refuse).")
        boolean overwrite;

        @Override
        public Integer call() {
            TrackerTuning.Metric goal = TrackerTuning.Metric.parse(metric);
            String name = out.getFileName().toString();
            if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
                throw new UserError("--out " + out + " must end in .yaml (or .yml), as --tracker FILE.yaml expects");
            }
            if (!overwrite && Files.exists(out)) {
                throw new UserError(out + " is there from an earlier run; pass --overwrite to replace it, or choose another --out");
            }
            Trackers.settings(tracker, trackerParams);
            List<MotFile.Row> truth = MotFile.read(gt);
            Path detectionFile = input.detections != null ? input.detections : detectOnce();
            double frameRate = fps != null ? fps : input.source != null ? VideoDetections.fps(input.source) : 30;
            List<MotFile.Row> detections = MotFile.read(detectionFile);
            PrintWriter stdout = spec.commandLine().getOut();
            TrackerTuning.Result result = TrackerTuning.tune(tracker, trackerParams, truth, detections, frameRate, goal, trials, seed,
                    trial -> {
                        stdout.println(TrackerTuning.describe(trial, goal));
                        stdout.flush();
                    });
            TrackerTuning.Trial best = result.best();
            TrackerTuning.writeYaml(result, out, List.of(
                    "Tuned by 'vigia tune tracker' for " + goal + " on " + gt + " with "
                            + (input.source != null ? input.source + "'s " + detector + " detections" : detectionFile.toString()),
                    String.format(Locale.ROOT, "best: trial %d of %d (seed %d), %s %.4f; starting settings %.4f", best.number(),
                            trials, seed, goal, best.score(), result.start().score()),
                    "Load it with: vigia track --tracker " + out.getFileName()));
            stdout.println(String.format(Locale.ROOT, "best    trial %d: %s %.4f (starting settings %.4f, %+.4f)", best.number(), goal,
                    best.score(), result.start().score(), best.score() - result.start().score()));
            stdout.println(out);
            return 0;
        }

        /** The cached detections of --source, written first when there are none yet. */
        private Path detectOnce() {
            Path video = input.source;
            if (!Files.isRegularFile(video)) {
                throw new UserError("--source " + video + " does not exist or is not a file");
            }
            float score = Trackers.detectionScore(tracker);
            Path cache = detectionsCache != null ? detectionsCache : VideoDetections.cacheBeside(out, video, detector, score, classes);
            return VideoDetections.detectOnce(video, detector, () -> Detectors.open(ModelStore.standard(), trustModel.detector(detector),
                    new DetectorOptions(score, DeviceChoice.AUTO)), classes, cache);
        }
    }
}
