package dev.vigia.pipeline;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.detect.WatchdogDetector;
import dev.vigia.models.engine.CpuPlan;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.InferenceThreads;
import dev.vigia.models.engine.TensorFlowEngine;
import dev.vigia.models.nms.Suppressor;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.segment.MattingModel;
import dev.vigia.models.segment.PersonSegmenter;
import dev.vigia.models.segment.Segmenters;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.mask.MaskMode;
import dev.vigia.pipeline.mask.MaskStage;
import dev.vigia.pipeline.precision.DetectorPrecision;
import dev.vigia.pipeline.precision.ImageModelPrecision;
import dev.vigia.pipeline.render.Annotator;
import dev.vigia.pipeline.render.Annotators;
import dev.vigia.pipeline.sink.PreviewSink;
import dev.vigia.pipeline.sink.ProgressSink;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.ReconnectingSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.source.SourceInfo;
import dev.vigia.pipeline.source.Sources;
import dev.vigia.pipeline.stage.NmsStage;
import dev.vigia.pipeline.stage.RenderStage;
import dev.vigia.pipeline.stage.TrackStage;
import dev.vigia.pipeline.track.Tracker;
import dev.vigia.pipeline.track.TrackerSpec;
import dev.vigia.pipeline.track.Trackers;
import dev.vigia.pipeline.upscale.CropUpscaler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of an {@link Engine}. Required: at least one {@link #source}. Everything else is
 * optional with the default named on its method, or all of a run configuration at once with
 * {@link #configure(RunConfig)} (a {@code vigia track --config} file). Settings are checked by {@link #start()}, which
 * opens the sources and loads the model; after it the builder is frozen (a second start is refused).
 */
public final class EngineBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(EngineBuilder.class);
    /** The detector score for a caller's own tracker, as for the trackers that use no low-score boxes. */
    private static final float CUSTOM_TRACKER_SCORE = 0.3f;

    private final List<SourceSpec> sources = new ArrayList<>();
    private String detectorId = Detectors.DEFAULT_MODEL;
    private DetectorModel sharedModel;
    private PrecisionDecision sharedModelPrecision;
    private Float score;
    private DeviceChoice device = DeviceChoice.AUTO;
    private InferenceThreads threads;
    private Precision precision = Precision.FP32;
    private Suppressor suppressor;
    private int batch = 1;
    private DetectorOptions.BatchedInference batchedInference = DetectorOptions.BatchedInference.GPU_ONLY;
    private int detectWorkers = 1;
    /** The tracker as text (a name or YAML file, and overrides), parsed when the engine starts; null once a typed one is given. */
    private String trackerText = Trackers.DEFAULT;
    private Map<String, String> trackerParams = Map.of();
    /** What makes each source's tracker: the parsed spec, or a caller's supplier. */
    private Supplier<? extends Tracker> trackerFactory;
    /** The detector score the tracker wants, unless {@link #score} is set. */
    private float trackerScore;
    private Path outputFolder;
    private boolean overwrite;
    private boolean video = true;
    private Boolean render;
    private boolean headsUp = true;
    private boolean preview;
    private CropUpscaler snapshotUpscaler;
    private MaskMode masks = MaskMode.OFF;
    private String segmenterId;
    private boolean progress;
    private final List<FrameListener> listeners = new ArrayList<>();
    private final List<SinkFactory> sinkFactories = new ArrayList<>();
    private final List<StandardOutput> picked = new ArrayList<>();
    private final List<AnnotatorFactory> annotators = new ArrayList<>();
    private final List<StageFactory> beforeTracking = new ArrayList<>();
    private final List<StageFactory> afterTracking = new ArrayList<>();
    private long maxFrames;
    private Duration duration;
    private boolean realtime;
    private int ringSize = 16;
    private FailurePolicy failurePolicy = FailurePolicy.defaults();
    private SourceRestarts restarts;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int maxRetries = -1;
    private boolean waitForStreams;
    private Duration detectTimeout;
    private ModelStore store;
    private boolean started;
    /** The budget {@link #assemble} made, or null. */
    private dev.vigia.pipeline.motion.DetectionBudget budget;
    private dev.vigia.pipeline.motion.MotionConfig motion;
    private final Map<String, dev.vigia.pipeline.motion.MotionConfig> motionBySource = new LinkedHashMap<>();
    private final Map<String, java.util.function.IntSupplier> objectsInZones = new LinkedHashMap<>();
    private dev.vigia.pipeline.motion.BudgetConfig detectionBudget;

    EngineBuilder() {}

    /**
     * Every setting of a run configuration, checked first ({@link RunConfig#validate()}): its
     * sources, detector, tracker, outputs folder and the rest, as {@code vigia track} runs it.
     * Settings given after this call change it: {@code configure(RunConfig.read(file)).onFrame(...)}.
     */
    public EngineBuilder configure(RunConfig config) {
        frozenCheck();
        config.validate();
        config.sources().forEach(this::source);
        detector(config.detector());
        tracker(config.tracker());
        if (config.score() != null) {
            score(config.score());
        }
        config.suppressor().ifPresent(this::suppressor);
        device(config.device());
        inferenceThreads(config.inferenceThreads());
        precision(config.precision());
        batch(config.batch());
        detectWorkers(config.detectWorkers());
        outputs(config.out());
        overwrite(config.overwrite());
        preview(config.show());
        realtime(config.realtime());
        maxFrames(config.maxFrames());
        duration(config.duration());
        ringSize(config.ringSize());
        connectTimeout(config.connectTimeout());
        maxRetries(config.maxRetries());
        masks(config.masks());
        return segmenter(config.segmenter());
    }

    /** Adds a source named {@code name} reading {@code uri} (file, folder, glob, webcam[:N], rtsp://...). Required, repeatable. */
    public EngineBuilder source(String name, String uri) {
        return source(SourceSpec.of(name, uri));
    }

    public EngineBuilder source(SourceSpec spec) {
        frozenCheck();
        sources.add(spec);
        return this;
    }

    /** The model: an installed or catalog model id, a family (nanodet, yolo, ...) or a model path. Default: nanodet. */
    public EngineBuilder detector(String idOrFamily) {
        frozenCheck();
        this.detectorId = idOrFamily;
        return this;
    }

    /**
     * A model the caller loaded and keeps (and closes) itself, shared with this engine; the
     * options it was loaded with (score, device, threads, its own NMS or raw candidates) apply.
     */
    public EngineBuilder detector(DetectorModel model) {
        frozenCheck();
        this.sharedModel = model;
        return this;
    }

    /**
     * For a model the caller loaded ({@link #detector(DetectorModel)}): the precision it was loaded
     * at and why, so that the engine's statistics say it as they do for a model the engine loads.
     */
    public EngineBuilder precisionDecided(PrecisionDecision decision) {
        frozenCheck();
        this.sharedModelPrecision = decision;
        return this;
    }

    /** Detection score threshold. Default: the tracker's own (0.1 for ByteTrack, which uses low boxes; 0.3 otherwise). */
    public EngineBuilder score(float threshold) {
        frozenCheck();
        this.score = threshold;
        return this;
    }

    /** Where inference runs. Default: auto (a GPU when DJL finds one). */
    public EngineBuilder device(DeviceChoice choice) {
        frozenCheck();
        this.device = choice;
        return this;
    }

    /** TensorFlow's thread pools. Default: the cores divided among the detection workers, one inter-op thread each. */
    public EngineBuilder inferenceThreads(InferenceThreads inferenceThreads) {
        frozenCheck();
        this.threads = inferenceThreads;
        return this;
    }

    /**
     * The precision the detector and the segmenter run at (fp32, bf16, or auto: measured once per
     * model and CPU, each model on its own). Default: fp32.
     */
    public EngineBuilder precision(Precision asked) {
        frozenCheck();
        this.precision = asked;
        return this;
    }

    /**
     * The one overlap suppression, run on the detector's raw candidates (greedy, soft-NMS, DIoU...).
     * Default: none given, so the model's own family NMS runs inside the detector.
     */
    public EngineBuilder suppressor(Suppressor chosen) {
        frozenCheck();
        this.suppressor = chosen;
        return this;
    }

    /** Frames per inference, across sources: a batch is run when full or when no further frame has arrived. Default: 1. */
    public EngineBuilder batch(int frames) {
        frozenCheck();
        this.batch = frames;
        return this;
    }

    /**
     * Whether a batch becomes one inference where the graph allows it: on a GPU only (default), or
     * always (on these 2 CPU cores it paid for the Tiny Face Detector and not for the SSD).
     */
    public EngineBuilder batchedInference(DetectorOptions.BatchedInference when) {
        frozenCheck();
        this.batchedInference = when;
        return this;
    }

    /** Detection workers, each with its own predictor over the one shared model. Default: 1. */
    public EngineBuilder detectWorkers(int workers) {
        frozenCheck();
        this.detectWorkers = workers;
        return this;
    }

    /**
     * The tracker as a config file or command line gives it (bytetrack, botsort, ocsort, sort, iou,
     * or a YAML file of its settings), one per source, parsed when the engine starts. Default: bytetrack.
     */
    public EngineBuilder tracker(String nameOrFile) {
        return tracker(nameOrFile, Map.of());
    }

    /** As {@link #tracker(String)}, with settings overridden ({@code track_buffer=60}). */
    public EngineBuilder tracker(String nameOrFile, Map<String, String> overrides) {
        frozenCheck();
        this.trackerText = nameOrFile;
        this.trackerParams = overrides == null ? Map.of() : Map.copyOf(overrides);
        this.trackerFactory = null;
        return this;
    }

    /** The tracker, typed ({@code TrackerSpec.of(TrackerKind.SORT, Map.of("max_age", "5"))}); its kind sets the default score. */
    public EngineBuilder tracker(TrackerSpec spec) {
        frozenCheck();
        this.trackerText = null;
        this.trackerFactory = java.util.Objects.requireNonNull(spec, "spec");
        this.trackerScore = spec.detectionScore();
        return this;
    }

    /**
     * A tracker of the caller's: {@code factory} is called once per source, and each call must
     * return a new tracker (ids belong to the instance). The detector's score defaults to 0.3
     * unless {@link #score} is set; a tracker that uses low-score boxes wants {@code score(0.1f)}.
     */
    public EngineBuilder tracker(Supplier<? extends Tracker> factory) {
        frozenCheck();
        this.trackerText = null;
        this.trackerFactory = java.util.Objects.requireNonNull(factory, "factory");
        this.trackerScore = CUSTOM_TRACKER_SCORE;
        return this;
    }

    /**
     * Writes each source's standard outputs into {@code folder}, named after the source: an
     * annotated MP4, MOT and JSON Lines tracks, a per-track CSV and best crops
     * ({@link StandardOutput#all}). Default: none.
     */
    public EngineBuilder outputs(Path folder) {
        frozenCheck();
        this.outputFolder = folder;
        return this;
    }

    /**
     * Adds one standard output for every source ({@code StandardOutput.mot(folder)}, ...), for a
     * program that wants some of them only. Repeatable, one of each kind. Default: none.
     */
    public EngineBuilder output(StandardOutput output) {
        frozenCheck();
        picked.add(java.util.Objects.requireNonNull(output, "output"));
        return this;
    }

    /** Whether {@link #outputs(Path)} includes the annotated MP4. Default: true. */
    public EngineBuilder video(boolean write) {
        frozenCheck();
        this.video = write;
        return this;
    }

    /** Whether outputs of an earlier run in the output folder are replaced. Default: false (refused). */
    public EngineBuilder overwrite(boolean replace) {
        frozenCheck();
        this.overwrite = replace;
        return this;
    }

    /**
     * Whether the frames are drawn (boxes, ids, trails, the caller's annotators) for the video and the
     * preview. Drawing is on a copy: the frame stays clean for snapshots, listeners and sinks. Default:
     * with {@link #outputs(Path)}, a video output, a preview or an annotator of the caller's.
     */
    public EngineBuilder render(boolean draw) {
        frozenCheck();
        this.render = draw;
        return this;
    }

    /** Whether the drawing includes the heads-up line (fps, stage times, drops). Default: true. */
    public EngineBuilder headsUp(boolean show) {
        frozenCheck();
        this.headsUp = show;
        return this;
    }

    /** A live preview window per source (needs a display). Default: false. */
    public EngineBuilder preview(boolean show) {
        frozenCheck();
        this.preview = show;
        return this;
    }

    /** A progress bar on the console for file sources. Default: false. */
    public EngineBuilder progress(boolean show) {
        frozenCheck();
        this.progress = show;
        return this;
    }

    /** Told about every frame of every source. Repeatable. */
    public EngineBuilder onFrame(FrameListener listener) {
        frozenCheck();
        listeners.add(listener);
        return this;
    }

    /** A sink of the caller's for each source, made when the engine starts. Repeatable. */
    public EngineBuilder sink(SinkFactory perSource) {
        frozenCheck();
        sinkFactories.add(perSource);
        return this;
    }

    /**
     * A stage of the caller's, one instance per source, run on the detections before the tracker sees
     * them (to filter them: drop classes, small boxes, boxes under a mask). Repeatable, in order.
     */
    public EngineBuilder beforeTracking(StageFactory perSource) {
        frozenCheck();
        beforeTracking.add(perSource);
        return this;
    }

    /**
     * A stage of the caller's, one instance per source, run on the tracks before the frame is drawn
     * (zones and lines, events). It reads the clean frame and must not draw on it (snapshots and
     * sinks read it too): what it wants drawn goes through {@link #annotate}. Repeatable, in order.
     */
    public EngineBuilder afterTracking(StageFactory perSource) {
        frozenCheck();
        afterTracking.add(perSource);
        return this;
    }

    /**
     * Draws something of the caller's (zones, lines, labels) on each source's drawn frames, one
     * annotator per source. The declared order, bottom to top: track masks, the caller's annotators in
     * the order added, trails, boxes, the heads-up line ({@link dev.vigia.pipeline.render.Annotators#tracking}).
     * Annotators draw on the copy the video and preview show, never on the frame. Repeatable.
     */
    public EngineBuilder annotate(AnnotatorFactory perSource) {
        frozenCheck();
        annotators.add(java.util.Objects.requireNonNull(perSource, "perSource"));
        return this;
    }

    /** Stops each source after this many frames. Default: 0 (no limit). */
    public EngineBuilder maxFrames(long frames) {
        frozenCheck();
        this.maxFrames = frames;
        return this;
    }

    /** Stops after this long. Default: none. */
    public EngineBuilder duration(Duration runFor) {
        frozenCheck();
        this.duration = runFor;
        return this;
    }

    /** Paces files at their own frame rate. Default: false (as fast as possible). */
    public EngineBuilder realtime(boolean paced) {
        frozenCheck();
        this.realtime = paced;
        return this;
    }

    /** Ring slots shared by all sources, a power of two. Default: 16. */
    public EngineBuilder ringSize(int slots) {
        frozenCheck();
        this.ringSize = slots;
        return this;
    }

    /** When a failing stage stops a source. Default: {@link FailurePolicy#defaults()}. */
    public EngineBuilder failurePolicy(FailurePolicy policy) {
        frozenCheck();
        this.failurePolicy = policy;
        return this;
    }

    /** Starts a source the failure policy stopped again, with backoff, until the run is stopped. Default: null (it stays stopped). */
    public EngineBuilder restartFailedSources(SourceRestarts policy) {
        frozenCheck();
        this.restarts = policy;
        return this;
    }

    /** Bound on connecting to and reading a stream. Default: 5 s. */
    public EngineBuilder connectTimeout(Duration timeout) {
        frozenCheck();
        this.connectTimeout = timeout;
        return this;
    }

    /** Reconnect attempts in a row before a live source is given up. Default: -1 (forever). */
    public EngineBuilder maxRetries(int attempts) {
        frozenCheck();
        this.maxRetries = attempts;
        return this;
    }

    /**
     * Whether a stream that cannot be reached at start is retried in the background until it answers
     * (the other sources run meanwhile) instead of being reported failed. Default: false.
     */
    public EngineBuilder waitForUnreachableStreams(boolean retry) {
        frozenCheck();
        this.waitForStreams = retry;
        return this;
    }

    /**
     * Gives every detector call a deadline: a call still running after 20 times the usual call time
     * (and at least {@code floor}) is abandoned, its frames count as failed detections and a fresh
     * predictor takes over ({@link WatchdogDetector}), so a stuck device never stalls the process.
     * Costs a frame copy and a thread hand-off per call. Default: none (calls run on the detection thread).
     */
    public EngineBuilder detectTimeout(Duration floor) {
        frozenCheck();
        this.detectTimeout = floor;
        return this;
    }

    /**
     * Also writes each track's snapshot super-resolved when it is small (with {@link #outputs}).
     * The caller owns {@code upscaler} and closes it after the engine has ended. On a CPU, load it
     * after {@code SavedModelRunner.startEngine} with the detector's device and threads, or it
     * decides where TensorFlow runs (unpinned).
     */
    public EngineBuilder superResolveSnapshots(CropUpscaler upscaler) {
        frozenCheck();
        this.snapshotUpscaler = upscaler;
        return this;
    }

    /**
     * Masks on tracked objects: the detector's instance masks (Mask R-CNN), or a person
     * segmenter on each tracked person's box. Default: off.
     */
    public EngineBuilder masks(MaskMode mode) {
        frozenCheck();
        this.masks = mode;
        return this;
    }

    /** The model of {@link MaskMode#PERSON} or {@link MaskMode#MATTING}, by id. Default: {@code selfie}, {@code rvm}. */
    public EngineBuilder segmenter(String modelId) {
        frozenCheck();
        this.segmenterId = modelId;
        return this;
    }

    /**
     * Gates detection by motion on every source ({@code null}: off, the default): a frame the
     * detection rate allows is detected only when something moved, a tracked object is still
     * moving, or stopped objects are due for confirmation (see {@link dev.vigia.pipeline.motion.MotionGate}).
     */
    public EngineBuilder motion(dev.vigia.pipeline.motion.MotionConfig config) {
        frozenCheck();
        this.motion = config;
        return this;
    }

    /** Motion gating for one source by name, instead of {@link #motion(dev.vigia.pipeline.motion.MotionConfig)}'s ({@code null}: off for it). */
    public EngineBuilder motion(String sourceName, dev.vigia.pipeline.motion.MotionConfig config) {
        frozenCheck();
        motionBySource.put(sourceName, config);
        return this;
    }

    /**
     * One budget of detections a second shared by the motion-gated sources, by activity, with a
     * floor per source; each source's detection rate becomes its maximum (see
     * {@link dev.vigia.pipeline.motion.DetectionBudget}). Sources without motion gating keep their
     * own rate and are not counted. Default: none (each gated source detects at its own rate).
     */
    public EngineBuilder detectionBudget(dev.vigia.pipeline.motion.BudgetConfig budget) {
        frozenCheck();
        this.detectionBudget = budget;
        return this;
    }

    /**
     * How many of a source's objects stand in the caller's zones (zones are the caller's, after
     * tracking): while any do, the detection budget counts the source as active, as it does one
     * whose tracked objects move. Read from the source's capture thread at each frame. Without a
     * budget it is not read.
     */
    public EngineBuilder objectsInZones(String sourceName, java.util.function.IntSupplier count) {
        frozenCheck();
        objectsInZones.put(sourceName, java.util.Objects.requireNonNull(count, "count"));
        return this;
    }

    /** Where models are found and pulled to. Default: {@link ModelStore#standard()}. */
    public EngineBuilder modelStore(ModelStore models) {
        frozenCheck();
        this.store = models;
        return this;
    }

    /**
     * Checks the settings, loads the model, opens the sources and starts capture on threads of the
     * engine's own; returns at once. A bad setting throws {@link InvalidSettingException} (or another
     * {@link UserError}) before anything is opened. With several sources, one that cannot be opened
     * does not stop the others: it is reported as that source's failure when the engine ends.
     */
    public Engine start() {
        frozenCheck();
        validate();
        started = true;
        List<StandardOutput> outputs = standardOutputs();
        claimOutputs(outputs);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            DetectorModel model = sharedModel;
            PrecisionDecision decision = sharedModelPrecision;
            if (model == null) {
                ModelStore models = store != null ? store : ModelStore.standard();
                DetectorPrecision.Loaded loaded = DetectorPrecision.load(models, detectorId, detectorOptions());
                model = loaded.model();
                decision = loaded.decision();
                opened.add(model);
            }
            List<Detector> workers = new ArrayList<>();
            DetectorModel shared = model;
            for (int i = 0; i < detectWorkers; i++) {
                // Sources that detect regions join their crops' candidates first and suppress once after.
                java.util.function.Supplier<Detector> make = detectsRegions() ? shared::newCandidateDetector : shared::newDetector;
                Detector worker = detectTimeout == null ? make.get() : new WatchdogDetector(make, detectTimeout);
                opened.add(worker);
                workers.add(worker);
            }
            if (masks == MaskMode.INSTANCE && detectsRegions()) {
                throw new InvalidSettingException(Setting.MASKS, "instance", "Instance masks come from whole frames; turn motion regions off "
                        + "(regions: false) or use person masks");
            }
            if (masks == MaskMode.INSTANCE && !model.givesMasks()) {
                throw new InvalidSettingException(Setting.MASKS, "instance", "Model '" + model.id()
                        + "' gives no instance masks (a Mask R-CNN export does); use person masks, or such a detector");
            }
            PersonSegmenter segmenter = null;
            MattingModel matting = null;
            ModelStore segmenters = store != null ? store : ModelStore.standard();
            PrecisionDecision maskDecision = null;
            if (masks == MaskMode.PERSON) {
                String id = segmenterId != null ? segmenterId : Segmenters.DEFAULT_PERSON_MODEL;
                maskDecision = ImageModelPrecision.personSegmenter(segmenters, id, device, precision);
                segmenter = Segmenters.person(segmenters, id, device, maskDecision.precision());
                opened.add(segmenter);
            } else if (masks == MaskMode.MATTING) {
                String id = segmenterId != null ? segmenterId : Segmenters.DEFAULT_MATTING_MODEL;
                maskDecision = ImageModelPrecision.matting(segmenters, id, device, precision);
                matting = Segmenters.matting(segmenters, id, device, maskDecision.precision());
                opened.add(matting);
            }
            // Decoder threads and watchdogs opened here inherit the rest's CPUs.
            CpuPlan cpus = TensorFlowEngine.cpuPlan();
            List<Source> inputs = cpus.onRestCpus(() -> openSources(opened));
            Pipeline pipeline = assemble(model, workers, inputs, outputs, segmenter, matting, cpus);
            List<Path> files = new ArrayList<>();
            for (SourceSpec spec : sources) {
                for (StandardOutput output : outputs) {
                    if (output.kind() != StandardOutput.Kind.SNAPSHOTS) {
                        files.add(output.pathFor(spec.name()));
                    }
                }
            }
            AutoCloseable ownedModel = sharedModel == null ? model : null;
            AutoCloseable maskModel = segmenter != null ? segmenter : matting;
            if (maskModel != null) {
                AutoCloseable ownedSegmenter = maskModel;
                AutoCloseable detectorModel = ownedModel;
                ownedModel = () -> {
                    ownedSegmenter.close();
                    if (detectorModel != null) {
                        detectorModel.close();
                    }
                };
            }
            Engine engine = new Engine(pipeline, ownedModel, files, cpus);
            engine.precision(decision, maskDecision);
            engine.budget(budget);
            opened.clear();
            engine.begin();
            return engine;
        } finally {
            for (int i = opened.size() - 1; i >= 0; i--) {
                closeQuietly(opened.get(i));
            }
        }
    }

    /** Whether any source detects crops around motion and tracked objects instead of whole frames. */
    private boolean detectsRegions() {
        if (motion != null && motion.regions() && sources.stream().anyMatch(spec -> !motionBySource.containsKey(spec.name()))) {
            return true;
        }
        return motionBySource.values().stream().anyMatch(config -> config != null && config.regions());
    }

    private void validate() {
        if (sources.isEmpty()) {
            throw new InvalidSettingException(Setting.SOURCE, "An engine needs at least one source");
        }
        Set<String> names = SourceSpec.requireDistinctNames(sources);
        for (String gated : motionBySource.keySet()) {
            if (!names.contains(gated)) {
                throw new InvalidSettingException(Setting.MOTION, "Motion gating was set for source '" + gated + "', which the engine does not have; "
                        + "use one of " + names);
            }
        }
        if (batch < 1 || batch > 64) {
            throw new InvalidSettingException(Setting.BATCH, "The batch must be 1 to 64 frames, got " + batch);
        }
        if (detectWorkers < 1 || detectWorkers > 16) {
            throw new InvalidSettingException(Setting.DETECT_WORKERS, "Detection workers must be 1 to 16, got " + detectWorkers);
        }
        if (Integer.bitCount(ringSize) != 1 || ringSize < 2) {
            throw new InvalidSettingException(Setting.RING_SIZE, "The ring size must be a power of 2, got " + ringSize);
        }
        if (preview && java.awt.GraphicsEnvironment.isHeadless()) {
            throw new InvalidSettingException(Setting.SHOW, "A preview needs a display, and this session has none (no DISPLAY)");
        }
        if (trackerText != null) {
            TrackerSpec spec = TrackerSpec.parse(trackerText, trackerParams);
            spec.get(); // values out of range are told before the model loads
            trackerFactory = spec;
            trackerScore = spec.detectionScore();
        } else if (trackerFactory instanceof TrackerSpec spec) {
            spec.get();
        }
        Set<StandardOutput.Kind> kinds = new HashSet<>();
        for (StandardOutput output : standardOutputs()) {
            if (!kinds.add(output.kind())) {
                throw new InvalidSettingException(Setting.OUT, "The " + output.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + " output was given twice (" + output + "); keep one of each kind");
            }
        }
        detectorOptions();
        for (SourceSpec spec : sources) {
            Sources.requireReachable(spec.uri());
        }
    }

    private DetectorOptions detectorOptions() {
        float threshold = score != null ? score : trackerScore;
        InferenceThreads pools = threads != null ? threads
                : InferenceThreads.forWorkers(Runtime.getRuntime().availableProcessors(), detectWorkers);
        DetectorOptions options = new DetectorOptions(threshold, device).withThreads(pools).withBatchedInference(batchedInference)
                .withPrecision(precision);
        return suppressor != null ? options.withCandidatesOnly() : options;
    }

    /** The standard outputs: those of {@link #outputs(Path)}, then the ones picked. */
    private List<StandardOutput> standardOutputs() {
        List<StandardOutput> chosen = new ArrayList<>();
        if (outputFolder != null) {
            for (StandardOutput output : StandardOutput.all(outputFolder)) {
                if (video || output.kind() != StandardOutput.Kind.VIDEO) {
                    chosen.add(output);
                }
            }
        }
        chosen.addAll(picked);
        return chosen;
    }

    /** Each source's output files, checked before any file is opened. */
    private void claimOutputs(List<StandardOutput> outputs) {
        for (SourceSpec spec : sources) {
            for (StandardOutput output : outputs) {
                output.claim(spec.name(), spec.uri(), overwrite);
            }
        }
    }

    private static boolean has(List<StandardOutput> outputs, StandardOutput.Kind kind) {
        return outputs.stream().anyMatch(output -> output.kind() == kind);
    }

    private List<Source> openSources(List<AutoCloseable> opened) {
        ReconnectingSource.Policy defaults = ReconnectingSource.Policy.defaults();
        ReconnectingSource.Policy policy = new ReconnectingSource.Policy(defaults.initialBackoff(), defaults.maxBackoff(),
                maxRetries, connectTimeout);
        FfmpegSource.StreamOptions streamOptions = new FfmpegSource.StreamOptions(connectTimeout, true);
        List<Source> inputs = new ArrayList<>();
        for (SourceSpec spec : sources) {
            Source input;
            try {
                input = Sources.open(spec.uri(), streamOptions, policy, 30);
            } catch (UserError e) {
                if (waitForStreams && Sources.isStream(spec.uri())) {
                    LOG.warn("Source {} cannot be reached yet ({}); retrying in the background", spec.name(), e.getMessage());
                    input = Sources.openWhenReachable(spec.uri(), streamOptions, policy, 25);
                    opened.add(input);
                    inputs.add(input);
                    continue;
                }
                if (sources.size() == 1) {
                    throw e;
                }
                LOG.warn("Source {} cannot be opened: {}; the other sources go on", spec.name(), e.getMessage());
                input = new UnopenedSource(spec.name(), e);
            }
            opened.add(input);
            inputs.add(input);
        }
        return inputs;
    }

    /** The wiring, in one place: detection, the chosen NMS, then per source tracking, snapshots, drawing and outputs. */
    private Pipeline assemble(DetectorModel model, List<Detector> workers, List<Source> inputs, List<StandardOutput> outputs,
            PersonSegmenter segmenter, MattingModel matting, CpuPlan cpus) {
        LabelMap labels = model.labels();
        Map<Integer, dev.vigia.pipeline.motion.SourceRegions> regions = new LinkedHashMap<>();
        Map<Integer, Tracker> trackers = new LinkedHashMap<>();
        Map<Integer, dev.vigia.pipeline.motion.MotionGate> gates = new LinkedHashMap<>();
        PipelineStats total = new PipelineStats("all");
        // The auto budget reads the detector's speed from the run's own timing: workers x 1000 / median ms a frame.
        budget = detectionBudget == null ? null : new dev.vigia.pipeline.motion.DetectionBudget(detectionBudget, () -> {
            Double millis = total.stageMedians().get("detect");
            return millis == null || millis <= 0 ? 0 : workers.size() * 1000 / millis;
        });
        Pipeline.Builder builder = Pipeline.builder()
                .stats(total)
                .cpus(cpus)
                .realtime(realtime)
                .maxFrames(maxFrames)
                .duration(duration)
                .ringSize(ringSize)
                .failurePolicy(failurePolicy)
                .restarts(restarts)
                .detectors(workers, batch);
        for (int i = 0; i < sources.size(); i++) {
            SourceSpec spec = sources.get(i);
            Source input = inputs.get(i);
            dev.vigia.pipeline.motion.MotionConfig gating = motionBySource.containsKey(spec.name()) ? motionBySource.get(spec.name()) : motion;
            dev.vigia.pipeline.motion.MotionGate gate = gating == null ? null : budget == null
                    ? new dev.vigia.pipeline.motion.MotionGate(gating)
                    : new dev.vigia.pipeline.motion.MotionGate(gating, budget,
                            budget.source(spec.name(), objectsInZones.getOrDefault(spec.name(), () -> 0)));
            if (gate != null) {
                gates.put(i, gate);
            }
            builder.source(spec.name(), input, captureMode(spec, input), spec::detectEveryAt, spec.fpsCap(), gate);
            if (gate != null && gating.regions()) {
                dev.vigia.pipeline.motion.SourceRegions planner = new dev.vigia.pipeline.motion.SourceRegions(model.inputWidth(), model.inputHeight());
                regions.put(i, planner);
                // With a suppressor of the caller's, its stage suppresses after the crops are joined; else the model's own, once.
                builder.regions(spec.name(), planner, suppressor == null ? model::newSuppressor : null);
            }
            trackers.put(i, newTracker(trackers.values()));
        }
        if (gates.isEmpty()) {
            budget = null; // no gated source: nothing to share
        }
        if (suppressor != null) {
            builder.then(new NmsStage(suppressor));
        }
        for (StageFactory factory : beforeTracking) {
            addCallerStage(builder, factory);
        }
        builder.thenPerSource("track", source -> new TrackStage(trackers.get(source.index()), source.source().info().fps()));
        if (!gates.isEmpty()) {
            // Tells each gate whether its tracks still move: a moving track keeps detection on.
            builder.thenPerSource("motion", source -> new dev.vigia.pipeline.motion.MotionFeedbackStage(gates.get(source.index()),
                    regions.get(source.index())));
        }
        if (masks != MaskMode.OFF) {
            Set<Integer> people = new HashSet<>();
            for (int c = 0; c < labels.size(); c++) {
                if (labels.name(c).equals("person")) {
                    people.add(c);
                }
            }
            builder.thenPerSource("mask", source -> new MaskStage(masks, segmenter,
                    matting == null ? null : matting.newMatter(), people));
        }
        for (StageFactory factory : afterTracking) {
            addCallerStage(builder, factory);
        }
        // Snapshots before drawing, as they always were; the frame stays clean through drawing anyway.
        for (StandardOutput output : outputs) {
            if (output.kind() == StandardOutput.Kind.SNAPSHOTS) {
                builder.thenPerSource("snapshot", source -> output.open(source.name(), source.source().info(), labels, snapshotUpscaler));
            }
        }
        boolean draw = render != null ? render : outputFolder != null || has(outputs, StandardOutput.Kind.VIDEO) || preview
                || !annotators.isEmpty();
        if (draw) {
            builder.thenPerSource("render", source -> new RenderStage(
                    Annotators.tracking(labels, headsUp ? source.stats() : null, callersAnnotators(source))));
        }
        builder.sinksPerSource(source -> sinksOf(source, labels, outputs));
        List<Stage> listening = new ArrayList<>();
        for (FrameListener listener : listeners) {
            listening.add(SinkStage.listening(listener));
        }
        if (!listening.isEmpty()) {
            builder.sinks(listening);
        }
        return builder.build();
    }

    private static void addCallerStage(Pipeline.Builder builder, StageFactory factory) {
        builder.thenPerSource(factory.name(), source -> source.source() instanceof UnopenedSource
                ? new PassStage(factory.name()) : factory.create(source.name(), source.source().info()));
    }

    /** Stands in for a caller's stage on a source that never opened, so no caller sees a source without a frame size. */
    private record PassStage(String name) implements Stage {
        @Override
        public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {}
    }

    /** The caller's annotators for one source; none for a source that never opened (it has no frame size). */
    private List<Annotator> callersAnnotators(Pipeline.SourceContext source) {
        List<Annotator> made = new ArrayList<>();
        if (!(source.source() instanceof UnopenedSource)) {
            for (AnnotatorFactory factory : annotators) {
                made.add(factory.create(source.name(), source.source().info()));
            }
        }
        return made;
    }

    private List<Stage> sinksOf(Pipeline.SourceContext source, LabelMap labels, List<StandardOutput> outputs) {
        List<Stage> sinks = new ArrayList<>();
        if (source.source() instanceof UnopenedSource) {
            return sinks;
        }
        SourceInfo info = source.source().info();
        for (StandardOutput output : outputs) {
            if (output.kind() != StandardOutput.Kind.SNAPSHOTS) {
                sinks.add(output.open(source.name(), info, labels, snapshotUpscaler));
            }
        }
        if (preview) {
            sinks.add(new PreviewSink(source.name()));
        }
        if (progress && source.mode() == CaptureMode.FILE && info.frameCount() > 0) {
            long total = maxFrames > 0 ? Math.min(maxFrames, info.frameCount()) : info.frameCount();
            sinks.add(new ProgressSink(source.name(), total));
        }
        for (SinkFactory factory : sinkFactories) {
            Sink sink = factory.create(source.name(), info);
            sinks.add(new SinkStage(sink.name(), sink));
        }
        return sinks;
    }

    private static CaptureMode captureMode(SourceSpec spec, Source input) {
        // The source is asked what it is only when the mode leaves it to its kind.
        return spec.mode() == CaptureMode.AUTO ? spec.mode().resolve(input.info().live()) : spec.mode();
    }

    /** A source's own tracker from the factory; one shared with another source would mix their ids. */
    private Tracker newTracker(java.util.Collection<Tracker> others) {
        Tracker tracker = trackerFactory.get();
        if (tracker == null || others.stream().anyMatch(other -> other == tracker)) {
            throw new IllegalStateException("The tracker factory must return a new tracker for each source");
        }
        return tracker;
    }

    private void frozenCheck() {
        if (started) {
            throw new IllegalStateException("This engine has started; its settings are frozen");
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed: {}", resource, e.getMessage());
        }
    }
}
