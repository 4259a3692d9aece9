package dev.vigia.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.Redaction;
import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.monitor.camera.CameraHealth;
import dev.vigia.monitor.camera.CameraState;
import dev.vigia.monitor.camera.ClipRecorder;
import dev.vigia.monitor.camera.DetectionFilterStage;
import dev.vigia.monitor.camera.FeedSink;
import dev.vigia.monitor.camera.LineAnnotator;
import dev.vigia.monitor.camera.SceneStage;
import dev.vigia.monitor.camera.ZoneAnnotator;
import dev.vigia.monitor.config.MonitorConfig;
import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.monitor.events.EventBus;
import dev.vigia.monitor.events.EventLog;
import dev.vigia.monitor.events.EventSubscriber;
import dev.vigia.monitor.events.MqttEvents;
import dev.vigia.monitor.events.RecentEvents;
import dev.vigia.monitor.metrics.MonitorMetrics;
import dev.vigia.monitor.storage.FileRetention;
import dev.vigia.monitor.storage.Housekeeping;
import dev.vigia.monitor.storage.VigiaFiles;
import dev.vigia.monitor.storage.WriteFailures;
import dev.vigia.monitor.web.DashboardContent;
import dev.vigia.monitor.web.DashboardServer;
import dev.vigia.pipeline.Engine;
import dev.vigia.pipeline.EngineBuilder;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.SourceRestarts;
import dev.vigia.pipeline.SourceSpec;
import dev.vigia.pipeline.StageFactory;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.source.SourceNames;
import dev.vigia.pipeline.upscale.CropUpscaler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every camera of a config on one engine (one shared detector), each with its filters, masks, zones
 * and lines, object events to a JSON Lines log, MQTT, the dashboard and the caller's
 * {@link EventSubscriber}s, event clips, health and Prometheus metrics. The wiring, in one place;
 * {@code vigia monitor} is a thin layer over it. From Java:
 *
 * <pre>{@code
 * try (DetectorModel model = Detectors.load(ModelStore.standard(), "nanodet", options);
 *         Monitor monitor = Monitor.builder().config(Path.of("cameras.yaml")).detector(model)
 *                 .subscriber(event -> System.out.println(event.toJson())).start()) {
 *     monitor.awaitTermination();
 * }
 * }</pre>
 */
public final class Monitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    /** An object unseen this long has left; longer than a tracker keeps a lost track at a few detections a second. */
    static final double END_AFTER_SECONDS = 3;
    /** A detector call is abandoned after 20 times its usual time, and never before this. */
    static final Duration DETECT_TIMEOUT_FLOOR = Duration.ofSeconds(5);

    /** Dashboard settings: host, port (0: any free one), token (null: none), names it answers to besides loopback and host. */
    public record Web(boolean enabled, String host, int port, String token, List<String> allowedHosts) {
        public Web(boolean enabled, String host, int port, String token) {
            this(enabled, host, port, token, List.of());
        }
    }

    /** A monitor to start: the cameras and the detector are required, the rest optional. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a monitor watches and with what. Required: the cameras ({@link #config(Path)},
     * {@link #config(MonitorConfig, Path)} or an already resolved {@link #setup(MonitorSetup)}) and
     * {@link #detector(DetectorModel)}. Optional: the engine's detector and tracker settings
     * (default: {@link Vigia#engine()}), the dashboard (default: none), where problems go (default:
     * the log) and more event subscribers.
     */
    public static final class Builder {
        private Path configFile;
        private MonitorConfig config;
        private Path origin;
        private MonitorSetup setup;
        private DetectorModel detector;
        private EngineBuilder engine;
        private Web web = new Web(false, "127.0.0.1", 0, null);
        private Consumer<UserError> problems = problem -> LOG.warn("{}", problem.getMessage());
        private final List<EventSubscriber> subscribers = new ArrayList<>();

        private Builder() {}

        /** The cameras file ({@code cameras.yaml}); read and checked against the detector's classes at {@link #start()}. */
        public Builder config(Path file) {
            this.configFile = file;
            return this;
        }

        /** The cameras as records, as if read from {@code origin}: problems name it, relative folders are beside it. */
        public Builder config(MonitorConfig config, Path origin) {
            this.config = config;
            this.origin = origin;
            return this;
        }

        /** Cameras already resolved (and their problems already told) by the caller. */
        public Builder setup(MonitorSetup setup) {
            this.setup = setup;
            return this;
        }

        /** The model every camera shares; the caller keeps it and closes it after the monitor. */
        public Builder detector(DetectorModel model) {
            this.detector = model;
            return this;
        }

        /** The engine with the caller's settings (tracker, detect workers, duration, frame limit); the monitor adds the cameras and its stages. */
        public Builder engine(EngineBuilder engine) {
            this.engine = engine;
            return this;
        }

        /** The web dashboard's settings; without this call there is none. */
        public Builder dashboard(Web web) {
            this.web = web;
            return this;
        }

        /** Where a camera entry that is left out, or a part that cannot run while the cameras go on, is told (one line each). */
        public Builder problems(Consumer<UserError> problems) {
            this.problems = problems;
            return this;
        }

        /** One more taker of the object events (line crossings, zone entries...) on the bus's thread; the monitor closes it. */
        public Builder subscriber(EventSubscriber subscriber) {
            subscribers.add(subscriber);
            return this;
        }

        /** Starts watching; a config with no usable camera, or a port or address that cannot be used safely, is refused here. */
        public Monitor start() throws IOException {
            if (detector == null) {
                throw new IllegalStateException("A monitor needs a detector: call detector(model) before start()");
            }
            MonitorSetup resolved = setup;
            if (resolved == null) {
                if (configFile == null && config == null) {
                    throw new IllegalStateException("A monitor needs its cameras: call config(file), config(records, origin) or setup(setup)");
                }
                resolved = configFile != null ? MonitorSetup.load(configFile, detector.labels())
                        : MonitorSetup.of(origin, config, detector.labels());
                resolved.problems().forEach(problem -> problems.accept(new UserError(problem)));
            }
            return Monitor.start(resolved, detector, engine != null ? engine : Vigia.engine(), web, problems, List.copyOf(subscribers));
        }
    }

    private record Camera(MonitorSetup.CameraSetup setup, String fileStem, CameraState state, CameraHealth health, ClipRecorder clips) {}

    private final MonitorSetup setup;
    private final Engine engine;
    private final EventBus bus;
    private final Map<String, Camera> cameras;
    private final ScheduledExecutorService sampler;
    private final DashboardServer dashboard;
    private final CropUpscaler upscaler;
    private final Map<String, Boolean> online = new LinkedHashMap<>();
    private final Housekeeping housekeeping;
    private boolean closed;

    private Monitor(MonitorSetup setup, Engine engine, EventBus bus, Map<String, Camera> cameras, ScheduledExecutorService sampler,
            DashboardServer dashboard, CropUpscaler upscaler, Housekeeping housekeeping) {
        this.housekeeping = housekeeping;
        this.upscaler = upscaler;
        this.setup = setup;
        this.engine = engine;
        this.bus = bus;
        this.cameras = cameras;
        this.sampler = sampler;
        this.dashboard = dashboard;
    }

    /**
     * Starts watching. {@code engine} has the caller's detector and tracker settings; the monitor
     * adds the cameras and its stages. What keeps a part from running while the cameras go on (a
     * dashboard port in use, an MQTT address that cannot be used) is reported through {@code problems}.
     */
    static Monitor start(MonitorSetup setup, DetectorModel model, EngineBuilder engine, Web web,
            java.util.function.Consumer<UserError> problems) throws IOException {
        return start(setup, model, engine, web, problems, List.of());
    }

    /** As above, with more subscribers of the object events (Kafka's, in a cluster); the monitor closes them. */
    static Monitor start(MonitorSetup setup, DetectorModel model, EngineBuilder engine, Web web,
            java.util.function.Consumer<UserError> problems, List<EventSubscriber> subscribers) throws IOException {
        if (web.enabled()) {
            DashboardServer.requireSafe(web.host(), web.token());
        }
        LabelMap labels = model.labels();
        EventBus bus = new EventBus();
        RecentEvents recent = new RecentEvents(1000);
        WriteFailures writeFailures = new WriteFailures();
        MonitorSetup.EventFiles eventFiles = setup.eventFiles();
        bus.subscribe(new EventLog(eventFiles.dir(), new EventLog.Rotation(eventFiles.rotateBytes(), eventFiles.rotateAge()),
                writeFailures));
        bus.subscribe(recent);
        subscribers.forEach(bus::subscribe);
        if (setup.mqtt() != null) {
            try {
                bus.subscribe(new MqttEvents(setup.mqtt()));
            } catch (MqttException e) {
                problems.accept(new UserError(setup.file() + ": mqtt: " + e.getMessage() + "; events are not published on MQTT"));
            }
        }
        Map<String, Camera> cameras = new LinkedHashMap<>();
        for (MonitorSetup.CameraSetup camera : setup.cameras()) {
            String stem = SourceNames.nameForFiles(camera.name());
            CameraState state = new CameraState(camera.name());
            ClipRecorder clips = setup.recordings() == null ? null : new ClipRecorder(stem, setup.recordings());
            if (clips != null) {
                clips.reportFailuresTo(writeFailures, camera.name());
            }
            cameras.put(camera.name(), new Camera(camera, stem, state, new CameraHealth(state), clips));
            engine.source(new SourceSpec(camera.name(), locate(camera.url(), setup.file()),
                    camera.mode(), 1, camera.fpsCap(), camera.detectFps()));
            // Motion gating from the camera's or the file's motion: section; null leaves this camera detected at detect_fps.
            engine.motion(camera.name(), camera.motion());
            // Objects standing in its zones keep a gated camera active in the budget's eyes, as moving ones do.
            engine.objectsInZones(camera.name(), state::objectsInZones);
        }
        // The motion-gated cameras share one budget of detections a second (an engine without gated cameras ignores it).
        engine.detectionBudget(setup.detectBudget());
        Path snapshots = eventFiles.dir().resolve("snapshots");
        CropUpscaler upscaler = snapshotUpscaler(setup, problems);
        engine.detector(model)
                .render(true)
                .headsUp(false)
                .realtime(true)
                .connectTimeout(setup.watchdog())
                .waitForUnreachableStreams(true)
                // A camera a stage keeps failing on is paused and started again, never given up.
                .restartFailedSources(SourceRestarts.defaults())
                .detectTimeout(DETECT_TIMEOUT_FLOOR)
                .beforeTracking(StageFactory.of("filter", (name, info) -> {
                    Camera camera = cameras.get(name);
                    return new DetectionFilterStage(camera.setup().filter(), camera.setup().masks());
                }))
                .afterTracking(StageFactory.of("scene", (name, info) -> {
                    Camera camera = cameras.get(name);
                    return new SceneStage(camera.setup(), camera.fileStem(), labels, camera.state(), snapshots, upscaler, writeFailures,
                            camera.clips(), END_AFTER_SECONDS, bus::publish);
                }))
                // Zones and lines under the boxes, on the drawn copy only: snapshots and the frame stay clean.
                .annotate((name, info) -> new ZoneAnnotator())
                .annotate((name, info) -> new LineAnnotator())
                .sink((name, info) -> {
                    Camera camera = cameras.get(name);
                    // A camera not reached yet has no frame size and only a guessed rate: its rate is unknown (0).
                    double fps = info.width() > 0 && info.fps() > 0 ? info.fps() : 0;
                    camera.health().expectedFps(camera.setup().fpsCap() > 0 ? Math.min(fps, camera.setup().fpsCap()) : fps);
                    return new FeedSink(camera.state(), camera.clips());
                });
        Engine running;
        try {
            running = engine.start();
        } catch (RuntimeException e) {
            // Nothing runs: the event log and the clip threads are let go before the error goes up.
            cameras.values().stream().map(Camera::clips).filter(java.util.Objects::nonNull).forEach(ClipRecorder::close);
            bus.close();
            if (upscaler != null) {
                upscaler.close();
            }
            throw e;
        }
        MonitorMetrics metrics = new MonitorMetrics(bus);
        metrics.engine(running::stats);
        for (Camera camera : cameras.values()) {
            metrics.camera(camera.setup().name(), camera.state(), camera.health(),
                    () -> running.sourceStats().getOrDefault(camera.setup().name(), new PipelineStats()));
        }
        metrics.writeFailures(writeFailures, List.copyOf(cameras.keySet()));
        metrics.budget(running::detectionBudget, List.copyOf(cameras.keySet()));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigia-health");
            t.setDaemon(true);
            return t;
        });
        DashboardServer server = null;
        if (web.enabled()) {
            List<DashboardContent.Camera> views = new ArrayList<>();
            for (Camera camera : cameras.values()) {
                views.add(new DashboardContent.Camera(camera.setup().name(), redact(camera.setup().url()), camera.state(), camera.health()));
            }
            DashboardContent content = new DashboardContent(views, recent, () -> statsJson(running), configJson(setup),
                    metrics::scrape, snapshots, setup.recordings() == null ? null : setup.recordings().dir());
            try {
                server = DashboardServer.start(web.host(), web.port(), web.token(), web.allowedHosts(), content);
            } catch (InvalidSettingException e) {
                problems.accept(new InvalidSettingException(e.key(), e.value(), e.getMessage() + ", so the cameras run without the dashboard"));
            }
        }
        Housekeeping housekeeping = Housekeeping.start(sweeps(setup, snapshots), writeFailures, Housekeeping.EVERY);
        Monitor monitor = new Monitor(setup, running, bus, cameras, sampler, server, upscaler, housekeeping);
        sampler.scheduleAtFixedRate(monitor::sample, 0, 2, TimeUnit.SECONDS);
        return monitor;
    }

    /** What retention keeps in bounds: the clips on their own limits, the snapshots and rotated event logs on theirs. */
    private static List<Housekeeping.Sweep> sweeps(MonitorSetup setup, Path snapshots) {
        List<Housekeeping.Sweep> sweeps = new ArrayList<>();
        MonitorSetup.RecordingSetup clips = setup.recordings();
        if (clips != null) {
            sweeps.add(new Housekeeping.Sweep(List.of(new FileRetention.Holding(clips.dir(), VigiaFiles.CLIPS)), clips.retain(),
                    clips.maxBytes()));
        }
        MonitorSetup.EventFiles events = setup.eventFiles();
        sweeps.add(new Housekeeping.Sweep(List.of(new FileRetention.Holding(snapshots, VigiaFiles.SNAPSHOTS),
                new FileRetention.Holding(events.dir(), VigiaFiles.EVENT_LOGS)), events.retain(), events.maxBytes()));
        return sweeps;
    }

    /** The upscaler of small event snapshots the config asks for; without one (a model that cannot be had) the cameras go on. */
    private static CropUpscaler snapshotUpscaler(MonitorSetup setup, java.util.function.Consumer<UserError> problems) {
        MonitorSetup.SnapshotUpscaling wanted = setup.snapshotUpscaling();
        if (wanted == null) {
            return null;
        }
        try {
            return CropUpscaler.load(ModelStore.standard(), wanted.model(), wanted.scale(), DeviceChoice.AUTO, wanted.below());
        } catch (UserError e) {
            problems.accept(new UserError(setup.file() + ": events.super_resolution: " + e.getMessage()
                    + "; snapshots are written as they are"));
            return null;
        }
    }

    /** Every two seconds: health samples, and a status change when a camera goes offline or comes back. */
    private void sample() {
        try {
            Map<String, PipelineStats> stats = engine.sourceStats();
            var budget = engine.detectionBudget();
            for (Camera camera : cameras.values()) {
                String name = camera.setup().name();
                camera.state().budget(budget.flatMap(b -> b.sources().stream().filter(s -> s.source().equals(name)).findFirst()).orElse(null));
                PipelineStats cameraStats = stats.get(camera.setup().name());
                if (cameraStats != null) {
                    camera.health().sample(cameraStats);
                }
                boolean now = camera.health().connected();
                Boolean before = online.put(camera.setup().name(), now);
                if (before == null || before != now) {
                    String reason = now || !camera.health().restarting() ? null : camera.health().lastError();
                    bus.cameraStatus(camera.setup().name(), now, reason);
                    if (before != null) {
                        LOG.warn("Camera {} is {}{}", camera.setup().name(), now ? "online" : "offline", reason == null ? "" : ": " + reason);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Health sampling failed: {}", e.toString());
        }
    }

    /** The dashboard's port, or -1 without a dashboard. */
    public int port() {
        return dashboard == null ? -1 : dashboard.port();
    }

    public Engine engine() {
        return engine;
    }

    public void stop() {
        engine.stop();
    }

    /** Waits until every camera has ended (files) or {@link #stop()} was called; then finishes clips, events and the server. */
    public PipelineStats awaitTermination() {
        try {
            return engine.awaitTermination();
        } finally {
            close();
        }
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return engine.awaitTermination(timeout);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.close();
        sampler.shutdownNow();
        housekeeping.close();
        if (upscaler != null) {
            upscaler.close();
        }
        for (Camera camera : cameras.values()) {
            if (camera.clips() != null) {
                camera.clips().close();
            }
            bus.cameraStatus(camera.setup().name(), false);
        }
        if (dashboard != null) {
            dashboard.close();
        }
        bus.close();
    }

    private static ObjectNode statsJson(Engine engine) {
        return engine.statsJson();
    }

    /** The config as {@code /api/config} serves it, camera addresses redacted. */
    static ObjectNode configJson(MonitorSetup setup) {
        ObjectNode node = YamlConfig.mapper().valueToTree(setup.raw());
        node.withArray("cameras").forEach(camera -> {
            if (camera.hasNonNull("url")) {
                ((ObjectNode) camera).put("url", redact(camera.get("url").asText()));
            }
        });
        return node;
    }

    /**
     * What a camera's url names: {@code sample:NAME} is a sample video (fetched on first use), a
     * relative path is looked up beside the config first; addresses pass as they are.
     */
    static String locate(String url, Path configFile) {
        if (url.startsWith("sample:")) {
            return dev.vigia.samples.SampleMedia.standard().file(url.substring("sample:".length())).toString();
        }
        if (url.contains("://") || url.startsWith("webcam")) {
            return url;
        }
        Path besideConfig = configFile.toAbsolutePath().getParent().resolve(url);
        return java.nio.file.Files.exists(besideConfig) ? besideConfig.toString() : url;
    }

    /** An address as the dashboard and {@code cameras list} show it: {@link Redaction#redact(String)}, the one redactor. */
    public static String redact(String url) {
        return Redaction.redact(url);
    }
}
