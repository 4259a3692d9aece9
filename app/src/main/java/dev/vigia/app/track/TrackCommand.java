package dev.vigia.app.track;

import dev.vigia.app.common.FlagHints;
import dev.vigia.app.common.PrecisionFlag;
import dev.vigia.app.common.StopOnSignal;
import dev.vigia.app.common.TrustModelOption;
import dev.vigia.config.UserError;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.upscale.Upscalers;
import dev.vigia.pipeline.Engine;
import dev.vigia.pipeline.EngineBuilder;
import dev.vigia.pipeline.PipelineFailedException;
import dev.vigia.pipeline.RunConfig;
import dev.vigia.pipeline.RunSettings;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.eval.DetectionReplay;
import dev.vigia.pipeline.sink.SourceOutputs;
import dev.vigia.pipeline.source.SourceNames;
import dev.vigia.pipeline.track.Trackers;
import dev.vigia.pipeline.upscale.CropUpscaler;
import dev.vigia.samples.SampleMedia;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "track", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Detect and track objects in a video file, image folder, webcam or stream;",
                "write an annotated MP4, MOT and JSON Lines tracks, a per-track CSV and best crops to --out.",
                "With no --source, tracks the sample vtest.avi (fetched on first use)."})
public final class TrackCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrackCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "SRC",
            description = "Video file, image folder or glob, webcam[:N], rtsp://, rtmp://, http(s)://; repeat for several sources in one run.")
    List<String> sourceFlags;

    @Option(names = "--detector", paramLabel = "ID", description = "Detector model id (default: nanodet).")
    String detector;

    @Mixin
    TrustModelOption trustModel;

    @Option(names = "--tracker", paramLabel = "NAME|FILE.yaml", completionCandidates = TrackerNames.class,
            description = "Tracker: ${COMPLETION-CANDIDATES} (default: bytetrack), or a YAML file of its settings.")
    String tracker;

    @Option(names = "--tracker-param", paramLabel = "KEY=VALUE", description = "Override a tracker default (repeatable).")
    Map<String, String> trackerParams;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out).")
    String out;

    @Option(names = "--show", description = "Show a live preview window (needs a display).")
    Boolean show;

    @ArgGroup(exclusive = true)
    ModeFlags modeFlags;

    static final class ModeFlags {
        @Option(names = "--live", description = "Latest frame wins: drop frames when detection is slower than the source.")
        boolean live;

        @Option(names = "--file", description = "Lossless: every frame is processed (default for files and folders).")
        boolean file;
    }

    @Option(names = "--realtime", description = "Pace a file at its own frame rate.")
    Boolean realtime;

    @Option(names = "--detect-every", paramLabel = "N", description = "Run detection on every N-th frame; the tracker predicts between (default: 1).")
    Integer detectEvery;

    @Option(names = "--detect-workers", paramLabel = "N", description = "Detection workers, each with its own predictor over the one loaded model (default: 1).")
    Integer detectWorkers;

    @Option(names = "--batch", paramLabel = "N",
            description = "Frames per inference, across sources: run when N have arrived or no further frame waits (default: 1).")
    Integer batch;

    @Option(names = "--batched-inference", paramLabel = "gpu|always",
            description = "Run a batch as one inference where the model allows: on a GPU only (default) or always.")
    String batchedInference;

    @Option(names = "--inference-threads", paramLabel = "INTRA,INTER|auto|tf",
            description = "TensorFlow's thread pools (default: auto, all cores but the rest's shared by the detection workers, pinned there on a CPU; "
                    + "INTRA,INTER: those counts, unpinned; tf: TensorFlow's own).")
    String inferenceThreads;

    @Option(names = "--precision", paramLabel = "auto|fp32|bf16", description = PrecisionFlag.DESCRIPTION_NO_DEFAULT + " (default: fp32)")
    String precision;

    @Option(names = "--max-frames", paramLabel = "N", description = "Stop after N frames.")
    Long maxFrames;

    @Option(names = "--duration", paramLabel = "TIME", description = "Stop after this long, e.g. 30s, 5m, 1h.")
    String duration;

    @Option(names = "--stats-json", paramLabel = "FILE", description = "Write frame counts, fps and latency percentiles as JSON.")
    String statsJson;

    @Option(names = "--score", paramLabel = "S", description = "Detection score threshold (default: 0.1 for bytetrack, whose second association uses low boxes; 0.3 otherwise).")
    Float score;

    @Option(names = "--nms", paramLabel = "greedy|soft|diou",
            description = "Overlap suppression, run once on the detector's candidates (default: the model's own greedy NMS).")
    String nms;

    @Option(names = "--iou", paramLabel = "T", description = "IoU threshold of --nms (default: 0.6; alone it means greedy at T).")
    Float iou;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", description = "Where inference runs (default: auto).")
    String device;

    @Option(names = "--connect-timeout", paramLabel = "TIME", description = "Bound on connecting to and reading a stream (default: 5s).")
    String connectTimeout;

    @Option(names = "--max-retries", paramLabel = "N", description = "Reconnect attempts in a row before giving up on a live source (default: forever).")
    Integer maxRetries;

    @Option(names = "--detections", paramLabel = "FILE",
            description = "Track a MOTChallenge detection file instead of a video; --out is then the result file.")
    Path detections;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "30",
            description = "Frame rate of a --detections file, for trackers' time-based buffers (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--overwrite", description = "Replace the outputs of an earlier run in --out (default: refuse).")
    boolean overwrite;

    @Option(names = "--masks", paramLabel = "off|instance|person|matting",
            description = "Masks on tracked objects: the detector's instance masks (Mask R-CNN), a person segmenter on each person, "
                    + "or video matting of the whole frame (default: off).")
    String masks;

    @Option(names = "--segmenter", paramLabel = "ID",
            description = "Model of --masks person (selfie, meet; default selfie) or matting (default rvm).")
    String segmenter;

    @Option(names = "--sr-snapshots", description = "Also write each small track snapshot super-resolved (track-ID-xS.jpg).")
    boolean srSnapshots;

    @Option(names = "--sr-model", paramLabel = "NAME", defaultValue = Upscalers.DEFAULT_MODEL,
            description = "Super-resolution model of --sr-snapshots (default: ${DEFAULT-VALUE}).")
    String srModel;

    @Option(names = "--sr-scale", paramLabel = "2|3|4|8", defaultValue = "4", description = "Its scale (default: ${DEFAULT-VALUE}).")
    int srScale;

    @Option(names = "--sr-below", paramLabel = "PX", defaultValue = "" + CropUpscaler.DEFAULT_SMALLER_THAN,
            description = "Super-resolve snapshots whose longer side is below PX pixels (default: ${DEFAULT-VALUE}).")
    int srBelow;

    @Option(names = "--motion", description = "Detect only frames where something moved, a tracked object still moves, or stopped objects are due for confirmation (every 2 s).")
    boolean motion;

    @Option(names = "--motion-regions", description = "With motion gating (implies --motion), detect only crops around motion and tracked"
            + " objects at the model's input size and native resolution, not the whole frame: small objects in large frames keep their pixels.")
    boolean motionRegions;

    @Option(names = "--motion-config", paramLabel = "FILE.yaml", description = "Motion settings (implies --motion): a motion: section's keys, see app/docs/motion.md.")
    Path motionConfig;

    @Option(names = "--detect-budget", paramLabel = "auto|N",
            description = "With --motion: detections a second for all sources together, shared by what moves in each with a floor per source;"
                    + " --detect-every becomes each source's maximum (auto: 0.8 times the detector's measured frames a second). Default: none.")
    String detectBudget;

    @Option(names = "--detect-budget-floor", paramLabel = "N", description = "Each source's least share of --detect-budget, detections a second (default: 1).")
    Double detectBudgetFloor;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with any of these settings (snake_case keys); flags win.")
    Path config;

    static final class TrackerNames extends ArrayList<String> {
        TrackerNames() {
            super(Trackers.names());
        }
    }

    @Override
    public Integer call() throws IOException {
        if (detections != null && (motion || motionConfig != null || motionRegions)) {
            throw new UserError("--motion decides from a video's pixels and a --detections file has none; drop --motion, or track the"
                    + " video with --source");
        }
        if (detections != null) {
            return trackDetectionFile();
        }
        RunSettings settings = fromFlags().or(fromConfig());
        if (!settings.hasSource()) {
            Path sample = SampleMedia.standard().file("vtest.avi");
            LOG.info("No --source given; tracking the sample {}", sample);
            settings = settings.or(RunSettings.ofSource(sample.toString()));
        }
        // Everything that can be checked without touching the outputs is checked first (here and
        // in the engine's start), so a mistyped flag never truncates the files of an earlier run.
        RunConfig config = settings.resolve();
        EngineBuilder engine = Vigia.engine()
                .configure(config)
                .detector(trustModel.detector(config.detector()))
                .batchedInference(batchedInferenceOf(batchedInference))
                .progress(System.console() != null);
        if (motion || motionConfig != null || motionRegions) {
            dev.vigia.pipeline.motion.MotionConfig gating = motionConfigOf(motionConfig);
            engine.motion(motionRegions ? gating.withRegions(true) : gating);
        }
        if (detectBudget != null || detectBudgetFloor != null) {
            engine.detectionBudget(budgetOf(detectBudget, detectBudgetFloor, motion || motionConfig != null));
        }
        if (srSnapshots) {
            // The upscaler loads before the detector, and the first model fixes TensorFlow's CPUs: the detector's settings decide them.
            SavedModelRunner.startEngine(config.device(), config.inferenceThreads());
        }
        try (CropUpscaler snapshotUpscaler = srSnapshots
                ? CropUpscaler.load(ModelStore.standard(), srModel, srScale, config.device(), srBelow) : null) {
            return run(engine.superResolveSnapshots(snapshotUpscaler), config);
        }
    }

    private int run(EngineBuilder engine, RunConfig config) throws IOException {
        Engine running = engine.start();
        StopOnSignal.install(running::stop);
        LOG.info("Tracking {} with {} and the {} tracker", String.join(", ", running.sourceStats().keySet()),
                config.detector(), config.tracker());
        try {
            running.awaitTermination();
        } catch (PipelineFailedException e) {
            report(running, config);
            throw e;
        }
        report(running, config);
        PrintWriter stdout = spec.commandLine().getOut();
        for (Path file : running.outputFiles()) {
            stdout.println(file);
        }
        return 0;
    }

    /** The motion settings of {@code file} (its keys at the top or under {@code motion:}), or the defaults without one. */
    private static dev.vigia.pipeline.motion.MotionConfig motionConfigOf(Path file) {
        if (file == null) {
            return dev.vigia.pipeline.motion.MotionConfig.defaults();
        }
        com.fasterxml.jackson.databind.JsonNode root = dev.vigia.config.YamlConfig.read(file, com.fasterxml.jackson.databind.JsonNode.class);
        com.fasterxml.jackson.databind.JsonNode section = root != null && root.has("motion") ? root.get("motion") : root;
        dev.vigia.monitor.config.MotionSettings settings = section == null || section.isNull()
                ? new dev.vigia.monitor.config.MotionSettings(null, null, null, null, null, null, null, null, null)
                : dev.vigia.config.YamlConfig.convert(section, file.toString(), dev.vigia.monitor.config.MotionSettings.class);
        try {
            dev.vigia.pipeline.motion.MotionConfig config = settings.resolve();
            return config != null ? config : dev.vigia.pipeline.motion.MotionConfig.defaults();
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage() + "; fix it in --motion-config");
        }
    }

    /** The --detect-budget flags as a budget; a bad value is the library's setting error, which names the flag (FlagHints). */
    private static dev.vigia.pipeline.motion.BudgetConfig budgetOf(String perSecond, Double floor, boolean gated) {
        if (!gated) {
            throw new UserError("--detect-budget shares detections among sources gated by motion; add --motion");
        }
        dev.vigia.pipeline.motion.BudgetConfig budget = dev.vigia.pipeline.motion.BudgetConfig.parse(perSecond);
        return floor == null ? budget : budget.withFloor(floor);
    }

    private static DetectorOptions.BatchedInference batchedInferenceOf(String text) {
        if (text == null || text.equalsIgnoreCase("gpu")) {
            return DetectorOptions.BatchedInference.GPU_ONLY;
        }
        if (text.equalsIgnoreCase("always")) {
            return DetectorOptions.BatchedInference.ALWAYS;
        }
        throw new UserError("--batched-inference '" + text + "' is not gpu or always");
    }

    private static void report(Engine engine, RunConfig config) throws IOException {
        // fp32 asked for is the default and says nothing new; anything else is reported with its reason.
        if (engine.precision() != null && config.precision() != Precision.FP32) {
            LOG.info("precision {}", engine.precision());
        }
        if (engine.maskPrecision() != null && config.precision() != Precision.FP32) {
            LOG.info("mask model precision {}", engine.maskPrecision());
        }
        for (String line : engine.stats().summaryLines()) {
            LOG.info(line);
        }
        engine.detectionBudget().ifPresent(budget -> budget.summaryLines().forEach(LOG::info));
        if (engine.sourceStats().size() > 1) {
            engine.sourceStats().forEach((name, stats) -> {
                List<String> lines = stats.summaryLines();
                LOG.info("{}: {}", name, lines.get(0));
                lines.stream().filter(line -> line.startsWith("motion:")).forEach(line -> LOG.info("{}: {}", name, line));
            });
        }
        if (config.statsJson() != null) {
            engine.writeStatsJson(config.statsJson());
        }
    }

    /** The tracker alone over a detection file: no video, no detector. */
    private int trackDetectionFile() {
        RunSettings settings = fromFlags().or(fromConfig()).or(RunSettings.defaults());
        Path results = out != null ? Path.of(out)
                : Path.of("out", SourceNames.fileBase(detections.toString()) + "." + settings.tracker() + ".txt");
        var tracker = Trackers.create(settings.tracker(), settings.trackerParams());
        SourceOutputs.claimFile(results, Boolean.TRUE.equals(settings.overwrite()));
        int lines = DetectionReplay.run(detections, tracker, fps, results);
        LOG.info("{} wrote {} track lines", tracker.name(), lines);
        spec.commandLine().getOut().println(results);
        return 0;
    }

    /** What the flags say, as a config file would: null where a flag is not given. */
    private RunSettings fromFlags() {
        Boolean liveFlag = modeFlags == null ? null : modeFlags.live ? Boolean.TRUE : modeFlags.file ? Boolean.FALSE : null;
        List<RunSettings.SourceEntry> flagged = sourceFlags == null ? null
                : sourceFlags.stream().map(uri -> new RunSettings.SourceEntry(null, uri, null, null, null)).toList();
        return new RunSettings(null, detector, tracker, trackerParams, out, show, liveFlag, realtime, detectEvery,
                detectWorkers, maxFrames, duration, statsJson, score, nms, iou, device, null, connectTimeout, maxRetries,
                overwrite ? Boolean.TRUE : null, flagged, batch, inferenceThreads, masks, segmenter, precision);
    }

    private RunSettings fromConfig() {
        return config == null ? RunSettings.none() : RunSettings.read(config);
    }

}
