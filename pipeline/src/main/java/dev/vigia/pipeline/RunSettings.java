package dev.vigia.pipeline;

import dev.vigia.config.Durations;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.YamlConfig;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.InferenceThreads;
import dev.vigia.models.precision.Precision;
import dev.vigia.pipeline.mask.MaskMode;
import dev.vigia.pipeline.source.SourceNames;
import dev.vigia.pipeline.track.TrackerSpec;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tracking run's settings as written: what a YAML config file holds, key for key (snake_case),
 * and what a command line's flags say. Every key is optional (null: not given) and values are text
 * as people write them ({@code 30s}, {@code auto}, {@code bf16}). Layers merge with
 * {@link #or}, flags over a file over {@link #defaults()}; {@link #resolve()} parses the result
 * once into the typed, validated {@link RunConfig}:
 *
 * <pre>
 * source: lobby.mp4          # or sources: [{name, source, mode: live|file, detect_every, fps_cap}]
 * detector: nanodet
 * tracker: bytetrack         # or a tracker YAML file
 * tracker_params: {track_buffer: 60}
 * detect_every: 2
 * duration: 10m
 * </pre>
 */
public record RunSettings(
        String source,
        String detector,
        String tracker,
        Map<String, String> trackerParams,
        String out,
        Boolean show,
        Boolean live,
        Boolean realtime,
        Integer detectEvery,
        Integer detectWorkers,
        Long maxFrames,
        String duration,
        String statsJson,
        Float score,
        String nms,
        Float iou,
        String device,
        Integer ringSize,
        String connectTimeout,
        Integer maxRetries,
        Boolean overwrite,
        List<SourceEntry> sources,
        Integer batch,
        String inferenceThreads,
        String masks,
        String segmenter,
        String precision) {

    /**
     * One entry of a {@code sources:} list: a name (outputs and statistics are named after it;
     * default: the file or stream's base name), what to read, the capture mode (live or file;
     * default: the run's), every how many frames to detect (default: the run's), an fps cap.
     */
    public record SourceEntry(String name, String source, String mode, Integer detectEvery, Double fpsCap) {

        /** The entry's {@code mode:}, parsed; null when it gives none. */
        public CaptureMode captureMode() {
            if (mode == null) {
                return null;
            }
            return CaptureMode.fromConfig(mode).orElseThrow(() -> new InvalidSettingException(Setting.SOURCES, mode,
                    "Source " + source + ": mode '" + mode + "' is not live or file"));
        }

        /** This entry as the engine's source named {@code uniqueName}, with the run's mode and detection interval where it gives none. */
        SourceSpec spec(String uniqueName, CaptureMode runMode, int runDetectEvery) {
            CaptureMode mode = captureMode();
            if (detectEvery != null && detectEvery < 1) {
                throw new InvalidSettingException(Setting.SOURCES, String.valueOf(detectEvery),
                        "Source " + source + ": detect_every must be at least 1, got " + detectEvery);
            }
            if (fpsCap != null && !(fpsCap >= 0)) {
                throw new InvalidSettingException(Setting.SOURCES, String.valueOf(fpsCap),
                        "Source " + source + ": fps_cap must be 0 (none) or more, got " + fpsCap);
            }
            return new SourceSpec(uniqueName, source, mode != null ? mode : runMode,
                    detectEvery != null ? detectEvery : runDetectEvery, fpsCap != null ? fpsCap : 0);
        }
    }

    /** What a run is told when nothing says otherwise. */
    public static RunSettings defaults() {
        return new RunSettings(null, "nanodet", "bytetrack", Map.of(), "out", false, null, false, 1, 1, 0L, null, null,
                null, null, null, "auto", 16, "5s", -1, false, null, 1, "auto", "off", null, "fp32");
    }

    /** Nothing given. */
    public static RunSettings none() {
        return ofSource(null);
    }

    /** Only a source given: a file, folder, {@code webcam[:N]} or stream address. */
    public static RunSettings ofSource(String source) {
        return new RunSettings(source, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The settings a YAML file gives; an unknown key is an error naming the nearest valid one. */
    public static RunSettings read(Path file) {
        return YamlConfig.read(file, RunSettings.class);
    }

    /** The settings YAML text gives; {@code origin} names it in errors. */
    public static RunSettings read(InputStream in, String origin) {
        return YamlConfig.read(in, origin, RunSettings.class);
    }

    /** Whether a source is given, as {@code source} or in {@code sources}. */
    public boolean hasSource() {
        return source != null || sources != null && !sources.isEmpty();
    }

    /** The run's capture mode: {@code live: true} live, {@code live: false} file, else by each source's kind. */
    public CaptureMode captureMode() {
        return live == null ? CaptureMode.AUTO : live ? CaptureMode.LIVE : CaptureMode.FILE;
    }

    /**
     * These settings where given, else {@code fallback}'s, key by key. Two keys merge as lists:
     * tracker parameters are taken whole from whichever gives some, and a single {@code source}
     * given here hides the fallback's {@code sources:} list.
     */
    public RunSettings or(RunSettings fallback) {
        return new RunSettings(
                first(source, fallback.source),
                first(detector, fallback.detector),
                first(tracker, fallback.tracker),
                trackerParams != null && !trackerParams.isEmpty() ? trackerParams : fallback.trackerParams,
                first(out, fallback.out),
                first(show, fallback.show),
                first(live, fallback.live),
                first(realtime, fallback.realtime),
                first(detectEvery, fallback.detectEvery),
                first(detectWorkers, fallback.detectWorkers),
                first(maxFrames, fallback.maxFrames),
                first(duration, fallback.duration),
                first(statsJson, fallback.statsJson),
                first(score, fallback.score),
                first(nms, fallback.nms),
                first(iou, fallback.iou),
                first(device, fallback.device),
                first(ringSize, fallback.ringSize),
                first(connectTimeout, fallback.connectTimeout),
                first(maxRetries, fallback.maxRetries),
                first(overwrite, fallback.overwrite),
                sources != null && !sources.isEmpty() ? sources : source != null ? null : fallback.sources,
                first(batch, fallback.batch),
                first(inferenceThreads, fallback.inferenceThreads),
                first(masks, fallback.masks),
                first(segmenter, fallback.segmenter),
                first(precision, fallback.precision));
    }

    private static <T> T first(T given, T fallback) {
        return given != null ? given : fallback;
    }

    /**
     * These settings over {@link #defaults()}, parsed into types and {@linkplain RunConfig#validate()
     * validated}: a text that is not what its key takes, or a value that cannot work, throws a
     * neutral {@link InvalidSettingException} (or another {@code UserError}) naming the setting.
     * The sources are named (after their files where no name is given) and made unique
     * ({@code vtest}, {@code vtest-2}); {@code inference_threads: auto} is resolved for this
     * machine's cores and the detection workers.
     */
    public RunConfig resolve() {
        RunSettings s = or(defaults());
        if (s.detectEvery < 1) {
            throw new InvalidSettingException(Setting.DETECT_EVERY, String.valueOf(s.detectEvery),
                    "detect_every must be at least 1, got " + s.detectEvery);
        }
        RunConfig config = new RunConfig(
                s.sourceSpecs(),
                s.detector,
                TrackerSpec.parse(s.tracker, s.trackerParams),
                Path.of(s.out),
                s.show,
                s.realtime,
                s.maxFrames,
                Durations.parse(s.duration, Setting.DURATION),
                s.statsJson != null ? Path.of(s.statsJson) : null,
                s.score,
                s.nms,
                s.iou,
                DeviceChoice.parse(s.device),
                s.detectWorkers,
                s.batch,
                InferenceThreads.parse(s.inferenceThreads, Runtime.getRuntime().availableProcessors(), s.detectWorkers),
                Precision.parse(s.precision),
                s.ringSize,
                Durations.parse(s.connectTimeout, Setting.CONNECT_TIMEOUT),
                s.maxRetries,
                s.overwrite,
                MaskMode.parse(s.masks),
                s.segmenter);
        config.validate();
        return config;
    }

    /** The {@code sources:} list, else the single {@code source:} (a blank one is none), each named uniquely. */
    private List<SourceSpec> sourceSpecs() {
        List<SourceEntry> entries = sources != null && !sources.isEmpty() ? sources
                : source == null || source.isBlank() ? List.of() : List.of(new SourceEntry(null, source, null, null, null));
        List<SourceSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SourceEntry entry : entries) {
            if (entry.source() == null || entry.source().isBlank()) {
                throw new InvalidSettingException(Setting.SOURCES, "A 'sources:' entry" + (entry.name() != null ? " (" + entry.name() + ")" : "")
                        + " has no 'source:'; give each entry the file, folder, webcam or stream to read");
            }
            String name = entry.name() != null && !entry.name().isBlank() ? entry.name() : SourceNames.fileBase(entry.source());
            String unique = name;
            for (int n = 2; !names.add(unique); n++) {
                unique = name + "-" + n;
            }
            specs.add(entry.spec(unique, captureMode(), detectEvery));
        }
        return specs;
    }
}
