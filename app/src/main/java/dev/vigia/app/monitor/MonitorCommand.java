package dev.vigia.app.monitor;

import dev.vigia.app.common.ExitCodes;
import dev.vigia.app.common.FlagHints;
import dev.vigia.app.common.PrecisionOption;
import dev.vigia.app.common.StopOnSignal;
import dev.vigia.app.common.TrustModelOption;
import dev.vigia.cluster.ClusterTopics;
import dev.vigia.cluster.ClusterWorker;
import dev.vigia.config.Durations;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.InferenceThreads;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.store.ModelStore;
import dev.vigia.monitor.Monitor;
import dev.vigia.monitor.config.MonitorConfig;
import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.monitor.web.TokenFile;
import dev.vigia.monitor.web.DashboardServer;
import dev.vigia.pipeline.EngineBuilder;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.track.Trackers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigia monitor}: watch the cameras of a config, with a dashboard, events and metrics. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Watch many cameras for days: zones and line counts, object events (JSON Lines, MQTT,",
                "dashboard), event clips, health and Prometheus metrics. A problem in one camera's entry is one line",
                "naming the file, the camera and the key, and the rest runs; --check only checks the config."})
public final class MonitorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "CAMERAS.yaml",
            description = "The cameras (see config/monitor/cameras.yaml); with --kafka, the settings all cameras share.")
    Path config;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "Join a cluster: run the cameras of vigia.cameras that Kafka's consumer group assigns to this worker.")
    String kafka;

    @Option(names = "--group", paramLabel = "G", defaultValue = "vigia", description = "The workers' consumer group (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--worker-id", paramLabel = "ID", description = "This worker's name in vigia.status (default: PID@host).")
    String workerId;

    @Option(names = "--session-timeout", paramLabel = "TIME", defaultValue = "10s",
            description = "How long a silent worker keeps its cameras before they move (default: ${DEFAULT-VALUE}).")
    String sessionTimeout;

    @Mixin
    KafkaClientOptions kafkaClient;

    @Option(names = "--allow-local-sources",
            description = "With --kafka: let camera records name files and devices of this machine (default: network streams only).")
    boolean allowLocalSources;

    @Option(names = "--max-cameras", paramLabel = "N", defaultValue = "32",
            description = "With --kafka: the most cameras this worker runs (default: ${DEFAULT-VALUE}).")
    int maxCameras;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Dashboard address (default: ${DEFAULT-VALUE}); any other than loopback needs a token (--token-file or $VIGIA_TOKEN).")
    String host;

    @Option(names = "--allowed-hosts", paramLabel = "NAMES", split = ",",
            description = "Host names the dashboard answers to besides loopback and --host (comma-separated), e.g. the name a proxy forwards.")
    java.util.List<String> allowedHosts = new java.util.ArrayList<>();

    @Option(names = "--port", defaultValue = "5050", description = "Dashboard port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--token", paramLabel = "T", defaultValue = "${env:VIGIA_TOKEN}",
            description = "Every request then needs 'Authorization: Bearer T' (or open /?token=T once). Default: $VIGIA_TOKEN. "
                    + "Prefer --token-file or $VIGIA_TOKEN: a command line shows in 'ps'.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the dashboard token from FILE (its one line); wins over --token.")
    Path tokenFile;

    @Option(names = "--no-dashboard", description = "Run without the web server.")
    boolean noDashboard;

    @Option(names = "--check", description = "Check the config (and load the detector for its classes), print each problem, exit 2 if any.")
    boolean check;

    @Option(names = "--detector", paramLabel = "ID", description = "Model (default: the config's 'detector', else nanodet).")
    String detector;

    @Mixin
    TrustModelOption trustModel;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (e.g. 90s, 10m, 2h). Default: until Ctrl-C or every camera ends.")
    String duration;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto", description = "Where inference runs (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--detect-workers", paramLabel = "N",
            description = "Detection workers sharing the model (default: the config's detect_workers, else 1); two use both of 2 cores.")
    Integer detectWorkers;

    @Option(names = "--inference-threads", paramLabel = "INTRA,INTER|auto",
            description = "TensorFlow's thread pools per worker (default: the config's inference_threads, else auto).")
    String inferenceThreads;

    @Mixin
    PrecisionOption precision;

    @Option(names = "--stats-json", paramLabel = "FILE", description = "Write the run's statistics, per camera, when it ends.")
    Path statsJson;

    /** The detector's precision and why, for the engine's statistics (cluster workers' engines too). */
    private PrecisionDecision decision;

    @Override
    public Integer call() throws Exception {
        if (config == null && kafka == null) {
            throw new dev.vigia.config.UserError("Give the cameras with --config CAMERAS.yaml, or join a cluster with --kafka BOOTSTRAP");
        }
        dashboard(); // a token file that cannot be read is told before the model loads
        MonitorConfig raw = config != null ? MonitorSetup.read(config) : MonitorConfig.empty();
        String model = trustModel.detector(detector != null ? detector : raw.detector() != null ? raw.detector() : "nanodet");
        String tracker = raw.tracker() != null ? raw.tracker() : Trackers.DEFAULT;
        Duration runFor = Durations.parse(duration, "--duration");
        PrintWriter err = spec.commandLine().getErr();
        int workers = detectWorkers != null ? detectWorkers : raw.detectWorkers() != null ? raw.detectWorkers() : 1;
        String threads = inferenceThreads != null ? inferenceThreads : raw.inferenceThreads();
        // The flag wins over the config's precision key; neither given is fp32.
        Precision asked = spec.commandLine().getParseResult().hasMatchedOption("--precision") || config == null ? precision.asked()
                : MonitorSetup.precision(raw, config, precision.asked());
        DetectorOptions options = new DetectorOptions(Trackers.detectionScore(tracker), DeviceChoice.parse(device))
                .withThreads(InferenceThreads.parse(threads, Runtime.getRuntime().availableProcessors(), workers))
                .withPrecision(asked);
        decision = dev.vigia.pipeline.precision.DetectorPrecision.decide(ModelStore.standard(), model, options);
        options = options.withPrecision(decision.precision());
        if (asked != Precision.FP32) {
            org.slf4j.LoggerFactory.getLogger(MonitorCommand.class).info("precision {}", decision);
        }
        ClusterWorker.Builder cluster = null;
        if (kafka != null) {
            // The worker's own settings are checked as they are set: a wrong one is told before connecting.
            cluster = ClusterWorker.builder(kafkaClient.connection(kafka))
                    .group(group)
                    .sessionTimeout(Durations.parse(sessionTimeout, "--session-timeout"))
                    .maxCameras(maxCameras)
                    .allowLocalSources(allowLocalSources);
            if (!noDashboard) {
                // A worker's dashboard opens at its first assignment: an unsafe address is refused now, not then.
                DashboardServer.requireSafe(host, dashboard().token());
            }
            ClusterTopics.ensure(kafkaClient.connection(kafka), kafkaClient.patience());
        }
        try (DetectorModel loaded = Detectors.load(ModelStore.standard(), model, options)) {
            if (kafka != null) {
                return runInCluster(cluster, raw, loaded, tracker, workers, runFor, err);
            }
            MonitorSetup setup = MonitorSetup.load(config, loaded.labels());
            setup.problems().forEach(problem -> err.println("vigia: " + problem));
            err.flush();
            if (check) {
                if (!setup.problems().isEmpty()) {
                    return ExitCodes.USER_ERROR;
                }
                spec.commandLine().getOut().println(config + ": " + setup.cameras().size() + " cameras, no problems");
                return 0;
            }
            EngineBuilder engine = Vigia.engine().tracker(tracker).duration(runFor).detectWorkers(workers).precisionDecided(decision);
            Monitor monitor = Monitor.builder().setup(setup).detector(loaded).engine(engine).dashboard(dashboard()).problems(problem -> {
                err.println("vigia: " + flagged(problem));
                err.flush();
            }).start();
            StopOnSignal.install(monitor::stop);
            if (monitor.port() > 0) {
                spec.commandLine().getOut().println("Dashboard: http://" + host + ":" + monitor.port() + "/");
                spec.commandLine().getOut().flush();
            }
            PipelineStats stats;
            try {
                stats = monitor.awaitTermination();
            } finally {
                if (statsJson != null) {
                    monitor.engine().writeStatsJson(statsJson);
                }
            }
            stats.summaryLines().forEach(err::println);
            monitor.engine().detectionBudget().ifPresent(budget -> budget.summaryLines().forEach(err::println));
            return 0;
        }
    }

    /** One worker of a cluster: the monitor restarts over whichever cameras the group gives it. */
    private int runInCluster(ClusterWorker.Builder builder, MonitorConfig raw, DetectorModel loaded, String tracker, int workers,
            Duration runFor, PrintWriter err) throws InterruptedException {
        java.util.function.Consumer<String> problems = problem -> {
            err.println("vigia: " + problem);
            err.flush();
        };
        ClusterWorker worker = builder.workerId(workerId).problems(problems)
                .monitor(raw, config, () -> Monitor.builder().detector(loaded)
                        .engine(Vigia.engine().tracker(tracker).detectWorkers(workers).precisionDecided(decision)).dashboard(dashboard())
                        .problems(problem -> problems.accept(flagged(problem))))
                .build();
        worker.start();
        spec.commandLine().getOut().println("Worker " + worker.workerId() + " joined group " + group + " at " + kafka);
        spec.commandLine().getOut().flush();
        StopOnSignal.await(runFor);
        worker.close();
        return 0;
    }

    /** A monitor's problem as one line, a setting's with the flag that sets it. */
    private static String flagged(dev.vigia.config.UserError problem) {
        return problem instanceof InvalidSettingException setting ? FlagHints.message(setting) : problem.getMessage();
    }

    private Monitor.Web web;

    /** The dashboard's settings, read once; the token from --token-file when given, else --token or $VIGIA_TOKEN. */
    private Monitor.Web dashboard() {
        if (web == null) {
            String chosen = tokenFile != null ? TokenFile.read(tokenFile) : token;
            web = new Monitor.Web(!noDashboard, host, port, chosen, allowedHosts);
        }
        return web;
    }
}
