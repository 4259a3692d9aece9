package dev.vigia.app;

import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.nms.Suppressor;
import dev.vigia.models.nms.Suppressors;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.CaptureMode;
import dev.vigia.pipeline.Pipeline;
import dev.vigia.pipeline.PipelineFailedException;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.Stage;
import dev.vigia.pipeline.eval.DetectionReplay;
import dev.vigia.pipeline.sink.JsonLinesSink;
import dev.vigia.pipeline.sink.MotSink;
import dev.vigia.pipeline.sink.Mp4Sink;
import dev.vigia.pipeline.sink.PreviewSink;
import dev.vigia.pipeline.sink.ProgressSink;
import dev.vigia.pipeline.sink.TrackSummarySink;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.ReconnectingSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.source.SourceInfo;
import dev.vigia.pipeline.source.SourceNames;
import dev.vigia.pipeline.source.Sources;
import dev.vigia.pipeline.stage.DetectStage;
import dev.vigia.pipeline.stage.NmsStage;
import dev.vigia.pipeline.stage.RenderStage;
import dev.vigia.pipeline.stage.SnapshotStage;
import dev.vigia.pipeline.stage.TrackStage;
import dev.vigia.pipeline.track.Trackers;
import dev.vigia.samples.SampleMedia;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "track", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Detect and track objects in a video file, image folder, webcam or stream;",
                "write an annotated MP4, MOT and JSON Lines tracks, a per-track CSV and best crops to --out.",
                "With no --source, tracks the sample vtest.avi (fetched on first use)."})
final class TrackCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrackCommand.class);
    private static final float DEFAULT_IOU = 0.6f;

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "SRC", description = "Video file, image folder or glob, webcam[:N], rtsp://, rtmp://, http(s)://.")
    String source;

    @Option(names = "--detector", paramLabel = "ID", description = "Detector model id (default: nanodet).")
    String detector;

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

    @Option(names = "--detect-workers", paramLabel = "N", description = "Detection workers, each with its own model instance (default: 1).")
    Integer detectWorkers;

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

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with any of these settings (snake_case keys); flags win.")
    Path config;

    static final class TrackerNames extends ArrayList<String> {
        TrackerNames() {
            super(Trackers.names());
        }
    }

    @Override
    public Integer call() throws IOException {
        if (detections != null) {
            return trackDetectionFile();
        }
        TrackSettings settings = fromFlags().or(fromConfig()).or(TrackSettings.defaults());
        if (settings.source() == null) {
            Path sample = SampleMedia.standard().file("vtest.avi");
            LOG.info("No --source given; tracking the sample {}", sample);
            settings = settings.withSource(sample.toString());
        }
        // Everything that can be checked without touching the outputs is checked first, so a
        // mistyped flag never truncates the files of an earlier run.
        settings.validate();
        Duration connect = TrackSettings.parseDuration(settings.connectTimeout(), "--connect-timeout");
        Duration runFor = TrackSettings.parseDuration(settings.duration(), "--duration");
        ReconnectingSource.Policy policy = new ReconnectingSource.Policy(ReconnectingSource.Policy.defaults().initialBackoff(),
                ReconnectingSource.Policy.defaults().maxBackoff(), settings.maxRetries(), connect);
        FfmpegSource.StreamOptions streamOptions = new FfmpegSource.StreamOptions(connect, true);
        var tracker = Trackers.create(settings.tracker(), settings.trackerParams());
        // NMS runs once: the model's own (its family's greedy NMS at its nms_iou), or the one --nms/--iou
        // chose, in the NMS stage, on the detector's raw candidates.
        boolean chosenNms = settings.nms() != null || settings.iou() != null;
        Suppressor suppressor = chosenNms ? Suppressors.create(settings.nms() != null ? settings.nms() : "greedy",
                settings.iou() != null ? settings.iou() : DEFAULT_IOU, true, 300, 100) : null;
        float score = settings.score() != null ? settings.score() : Trackers.detectionScore(settings.tracker());
        DetectorOptions chosenOptions = new DetectorOptions(score, DeviceChoice.parse(settings.device()));
        DetectorOptions detectorOptions = chosenNms ? chosenOptions.withCandidatesOnly() : chosenOptions;
        if (Boolean.TRUE.equals(settings.show()) && java.awt.GraphicsEnvironment.isHeadless()) {
            throw new UserError("--show needs a display, and this session has none (no DISPLAY); "
                    + "drop --show and watch the MP4 in --out instead");
        }
        Path outDir = Path.of(settings.out());
        String base = SourceNames.fileBase(settings.source());
        TrackOutputs outputs = new TrackOutputs(outDir, base);
        outputs.claim(Boolean.TRUE.equals(settings.overwrite()), settings.source());
        Sources.requireReachable(settings.source());

        List<AutoCloseable> opened = new ArrayList<>();
        try {
            // Models first (seconds), then the source: a stream opened early would sit unread meanwhile.
            List<DetectStage> workers = new ArrayList<>();
            LabelMap labels = null;
            for (int i = 0; i < settings.detectWorkers(); i++) {
                Detector model = Detectors.open(ModelStore.standard(), settings.detector(), detectorOptions);
                opened.add(model);
                labels = model.labels();
                workers.add(new DetectStage(model, i, settings.detectWorkers(), settings.detectEvery()));
            }
            Source input = Sources.open(settings.source(), streamOptions, policy, 30);
            opened.add(input);
            SourceInfo info = input.info();
            CaptureMode mode = settings.live() != null ? (settings.live() ? CaptureMode.LIVE : CaptureMode.FILE)
                    : info.live() ? CaptureMode.LIVE : CaptureMode.FILE;
            PipelineStats stats = new PipelineStats();
            List<Stage> sinks = new ArrayList<>();
            sinks.add(new Mp4Sink(outputs.video(), info.width(), info.height(), info.fps()));
            sinks.add(new MotSink(outputs.mot()));
            sinks.add(new JsonLinesSink(outputs.jsonLines(), labels));
            sinks.add(new TrackSummarySink(outputs.trackSummary(), labels));
            if (Boolean.TRUE.equals(settings.show())) {
                sinks.add(new PreviewSink(info.name()));
            }
            if (mode == CaptureMode.FILE && info.frameCount() > 0 && System.console() != null) {
                long total = settings.maxFrames() > 0 ? Math.min(settings.maxFrames(), info.frameCount()) : info.frameCount();
                sinks.add(new ProgressSink(base, total));
            }
            Pipeline.Builder builder = Pipeline.builder()
                    .source(input, mode)
                    .realtime(settings.realtime())
                    .maxFrames(settings.maxFrames())
                    .duration(runFor)
                    .ringSize(settings.ringSize())
                    .detectWorkers(workers);
            if (suppressor != null) {
                builder.then(new NmsStage(suppressor));
            }
            Pipeline pipeline = builder
                    .then(new TrackStage(tracker, info.fps()))
                    .then(new SnapshotStage(outputs.snapshots()))
                    .then(new RenderStage(labels, stats, true))
                    .sinks(sinks)
                    .stats(stats)
                    .build();
            opened.clear();
            StopOnSignal.install(pipeline);
            LOG.info("Tracking {} ({}x{} at {} fps, {} mode) with {} and the {} tracker",
                    info.name(), info.width(), info.height(), Math.round(info.fps() * 100) / 100.0,
                    mode.name().toLowerCase(java.util.Locale.ROOT), settings.detector(), tracker.name());
            try {
                pipeline.run();
            } catch (PipelineFailedException e) {
                report(e.stats(), settings);
                throw e;
            }
            report(stats, settings);
            PrintWriter stdout = spec.commandLine().getOut();
            for (Path file : outputs.files()) {
                stdout.println(file);
            }
            return 0;
        } finally {
            for (AutoCloseable resource : opened) {
                closeQuietly(resource);
            }
        }
    }

    private static void report(PipelineStats stats, TrackSettings settings) throws IOException {
        for (String line : stats.summaryLines()) {
            LOG.info(line);
        }
        if (settings.statsJson() != null) {
            stats.writeJson(Path.of(settings.statsJson()));
        }
    }

    /** The tracker alone over a detection file: no video, no detector. */
    private int trackDetectionFile() {
        TrackSettings settings = fromFlags().or(fromConfig()).or(TrackSettings.defaults());
        Path results = out != null ? Path.of(out)
                : Path.of("out", SourceNames.fileBase(detections.toString()) + "." + settings.tracker() + ".txt");
        var tracker = Trackers.create(settings.tracker(), settings.trackerParams());
        TrackOutputs.claimFile(results, Boolean.TRUE.equals(settings.overwrite()));
        int lines = DetectionReplay.run(detections, tracker, fps, results);
        LOG.info("{} wrote {} track lines", tracker.name(), lines);
        spec.commandLine().getOut().println(results);
        return 0;
    }

    private TrackSettings fromFlags() {
        Boolean liveFlag = modeFlags == null ? null : modeFlags.live ? Boolean.TRUE : modeFlags.file ? Boolean.FALSE : null;
        return new TrackSettings(source, detector, tracker, trackerParams, out, show, liveFlag, realtime, detectEvery,
                detectWorkers, maxFrames, duration, statsJson, score, nms, iou, device, null, connectTimeout, maxRetries,
                overwrite ? Boolean.TRUE : null);
    }

    private TrackSettings fromConfig() {
        if (config == null) {
            return TrackSettings.none();
        }
        return YamlConfig.read(config, TrackSettings.class);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed: {}", resource, e.getMessage());
        }
    }
}
