package dev.vigia.monitor.config;

import dev.vigia.pipeline.motion.MotionConfig;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Names;
import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.precision.Precision;
import dev.vigia.pipeline.CaptureMode;
import dev.vigia.pipeline.zones.Anchor;
import dev.vigia.pipeline.zones.Polygon;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A monitor's config, checked and resolved against the detector's classes. A problem in one
 * camera's entry (a malformed zone, a line of zero length, an unknown class) leaves that entry
 * out and is reported as one line naming the file, the camera and the key ({@link #problems()});
 * everything else runs. Only a config with no usable camera at all is refused.
 */
public final class MonitorSetup {

    /** A zone or line point list as given: pixels, or fractions of the frame when every value is 0..1. */
    public record Shape(double[][] points, boolean normalised) {

        public double[][] inPixels(int width, int height) {
            double[][] scaled = new double[points.length][];
            for (int i = 0; i < points.length; i++) {
                scaled[i] = normalised ? new double[] {points[i][0] * width, points[i][1] * height} : points[i].clone();
            }
            return scaled;
        }
    }

    public record ZoneSetup(String name, Shape shape, int inertia, double loiteringSeconds, Set<Integer> objects, Anchor anchor) {}

    public record LineSetup(String name, Shape shape, int minFrames, Set<Integer> objects, Anchor anchor) {}

    /**
     * One camera as it runs. {@code startTime} is null for cameras on the wall clock; for a
     * recording it is when its first frame was taken, and event times are that plus the frame's
     * position in the file, so the same recording gives the same events each time it is read.
     */
    public record CameraSetup(String name, String url, CaptureMode mode, double detectFps, double fpsCap, ObjectFilter filter,
            List<Shape> masks, List<ZoneSetup> zones, List<LineSetup> lines, Instant startTime, MotionConfig motion) {}

    public record MqttSetup(String host, int port, String topicPrefix) {}

    /** Event clips; a clip that reaches {@code maxClipLength} ends and the next one goes on from there. */
    public record RecordingSetup(Path dir, Duration preCapture, Duration postCapture, Duration retain, long maxBytes, Duration maxClipLength) {}

    public record SnapshotUpscaling(String model, int scale, int below) {}

    /**
     * Where events.jsonl and the snapshots go; snapshots and rotated logs are kept for {@code retain}
     * and {@code maxBytes} together; events.jsonl is set aside at {@code rotateBytes} or {@code rotateAge}.
     */
    public record EventFiles(Path dir, Duration retain, long maxBytes, long rotateBytes, Duration rotateAge) {}

    public static final int DEFAULT_INERTIA = 3;
    public static final int DEFAULT_MIN_FRAMES = 2;
    public static final double DEFAULT_DETECT_FPS = 5;

    private final Path file;
    private final MonitorConfig raw;
    private final List<CameraSetup> cameras = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final MqttSetup mqtt;
    private final RecordingSetup recordings;
    private final EventFiles eventFiles;
    private final SnapshotUpscaling snapshotUpscaling;
    private final Duration watchdog;

    private MonitorSetup(Path file, MonitorConfig raw, LabelMap labels) {
        this.file = file;
        this.raw = raw;
        this.watchdog = Duration.ofMillis(Math.round(1000 * number(raw.watchdog(), 20, 1, 3600, "watchdog", "")));
        Set<String> names = new HashSet<>();
        List<MonitorConfig.Camera> entries = raw.cameras() == null ? List.of() : raw.cameras();
        for (int i = 0; i < entries.size(); i++) {
            MonitorConfig.Camera entry = entries.get(i);
            String where = "cameras[" + i + "]";
            String name = entry == null ? null : entry.name();
            if (!Names.valid(name)) {
                problem(where + ".name", Names.problem("camera", name).orElseThrow() + "; the camera is left out");
                continue;
            }
            String camera = "camera '" + entry.name() + "': ";
            if (!names.add(entry.name())) {
                problem(camera + "name", "a second camera of that name; it is left out");
                continue;
            }
            if (entry.url() == null || entry.url().isBlank()) {
                problem(camera + "url", "missing; give an rtsp:// address or a video file (the camera is left out)");
                continue;
            }
            cameras.add(camera(entry, camera, labels));
        }
        if (cameras.isEmpty()) {
            throw new UserError(file + ": no camera to watch" + (problems.isEmpty() ? "; add a 'cameras:' list" : ": " + problems.get(0)));
        }
        this.mqtt = mqtt(raw.mqtt());
        this.recordings = recordings(raw.recordings());
        this.eventFiles = eventFiles(raw.events() == null ? new MonitorConfig.Events(null, null, null, null, null, null) : raw.events());
        this.snapshotUpscaling = raw.events() == null ? null : snapshotUpscaling(raw.events().superResolution());
    }

    /** Resolves {@code raw}, as if read from {@code origin} (problems name it; relative folders are beside it). */
    public static MonitorSetup of(Path origin, MonitorConfig raw, LabelMap labels) {
        return new MonitorSetup(origin, raw, labels);
    }

    /** Reads and resolves {@code file}; the detector's {@code labels} give the class names that filters may use. */
    public static MonitorSetup load(Path file, LabelMap labels) {
        return new MonitorSetup(file, YamlConfig.read(file, MonitorConfig.class), labels);
    }

    /** Reads only the keys that come before the model is loaded (detector, tracker). */
    public static MonitorConfig read(Path file) {
        return YamlConfig.read(file, MonitorConfig.class);
    }

    /**
     * The detector's precision a config asks for, {@code fallback} when it says nothing. Read
     * before the model loads, so a wrong word stops the start: one line naming the file and key.
     */
    public static Precision precision(MonitorConfig raw, Path file, Precision fallback) {
        if (raw.precision() == null) {
            return fallback;
        }
        try {
            return Precision.parse(raw.precision());
        } catch (InvalidSettingException e) {
            throw new UserError(file + ": precision: '" + raw.precision() + "' is not auto, fp32 or bf16");
        }
    }

    private CameraSetup camera(MonitorConfig.Camera entry, String camera, LabelMap labels) {
        CaptureMode mode = entry.mode() == null ? CaptureMode.LIVE : CaptureMode.fromConfig(entry.mode()).orElse(null);
        if (mode == null) {
            problem(camera + "mode", "'" + entry.mode() + "' is not live or file; using live");
            mode = CaptureMode.LIVE;
        }
        double detectFps = number(entry.detectFps(), DEFAULT_DETECT_FPS, 0.1, 60, "detect_fps", camera);
        double fpsCap = number(entry.fpsCap(), 0, 0, 240, "fps_cap", camera);
        Anchor anchor = anchor(entry.anchor(), Anchor.BOTTOM_CENTER, camera + "anchor");
        ObjectFilter filter = filter(entry.filters(), camera, labels);
        List<Shape> masks = new ArrayList<>();
        List<List<List<Double>>> rawMasks = entry.masks() == null ? List.of() : entry.masks();
        for (int m = 0; m < rawMasks.size(); m++) {
            Shape mask = polygon(rawMasks.get(m), camera + "masks[" + m + "]", "mask");
            if (mask != null) {
                masks.add(mask);
            }
        }
        List<ZoneSetup> zones = new ArrayList<>();
        Set<String> zoneNames = new HashSet<>();
        List<MonitorConfig.Zone> rawZones = entry.zones() == null ? List.of() : entry.zones();
        for (int z = 0; z < rawZones.size(); z++) {
            MonitorConfig.Zone zone = rawZones.get(z);
            String key = camera + "zones[" + z + "]";
            if (!hasOwnName(zone == null ? null : zone.name(), zoneNames, key, "zone")) {
                continue;
            }
            key = camera + "zone '" + zone.name() + "'";
            Shape shape = polygon(zone.points(), key + ".points", "zone");
            if (shape == null) {
                continue;
            }
            int inertia = whole(zone.inertia(), DEFAULT_INERTIA, 1, 100, "inertia", key + ".");
            double loitering = number(zone.loiteringTime(), 0, 0, 86400, "loitering_time", key + ".");
            zones.add(new ZoneSetup(zone.name(), shape, inertia, loitering, classes(zone.objects(), key + ".objects", labels),
                    anchor(zone.anchor(), anchor, key + ".anchor")));
        }
        List<LineSetup> lines = new ArrayList<>();
        Set<String> lineNames = new HashSet<>();
        List<MonitorConfig.Line> rawLines = entry.lines() == null ? List.of() : entry.lines();
        for (int l = 0; l < rawLines.size(); l++) {
            MonitorConfig.Line line = rawLines.get(l);
            String key = camera + "lines[" + l + "]";
            if (!hasOwnName(line == null ? null : line.name(), lineNames, key, "line")) {
                continue;
            }
            key = camera + "line '" + line.name() + "'";
            Shape shape = segment(line.points(), key + ".points");
            if (shape == null) {
                continue;
            }
            int minFrames = whole(line.minFrames(), DEFAULT_MIN_FRAMES, 1, 100, "min_frames", key + ".");
            lines.add(new LineSetup(line.name(), shape, minFrames, classes(line.objects(), key + ".objects", labels),
                    anchor(line.anchor(), anchor, key + ".anchor")));
        }
        return new CameraSetup(entry.name(), entry.url(), mode, detectFps, fpsCap, filter, masks, zones, lines,
                startTime(entry.startTime(), mode, camera), motion(entry.motion() != null ? entry.motion() : raw.motion(),
                        entry.motion() != null ? camera : ""));
    }

    /** Motion gating for a camera (its own {@code motion:} or the top-level one), or null: off; a bad value leaves it off. */
    private MotionConfig motion(MotionSettings settings, String where) {
        if (settings == null) {
            return null;
        }
        try {
            return settings.resolve();
        } catch (IllegalArgumentException e) {
            problem(where + "motion", e.getMessage() + "; motion gating is left off, every frame at detect_fps is detected");
            return null;
        }
    }

    private Instant startTime(String value, CaptureMode mode, String camera) {
        if (value == null) {
            return null;
        }
        if (mode != CaptureMode.FILE) {
            problem(camera + "start_time", "is for recordings read with mode: file; this camera keeps the wall clock");
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            problem(camera + "start_time", "'" + value + "' is not a time such as 2026-01-01T08:00:00Z; using the wall clock");
            return null;
        }
    }

    private ObjectFilter filter(MonitorConfig.Filters filters, String camera, LabelMap labels) {
        if (filters == null) {
            return ObjectFilter.NONE;
        }
        String key = camera + "filters.";
        double minArea = number(filters.minArea(), 0, 0, Double.MAX_VALUE, "min_area", key);
        double maxArea = number(filters.maxArea(), Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY, "max_area", key);
        double minRatio = number(filters.minRatio(), 0, 0, 1000, "min_ratio", key);
        double maxRatio = number(filters.maxRatio(), Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY, "max_ratio", key);
        if (minRatio > maxRatio) {
            problem(key + "min_ratio", "larger than max_ratio (" + minRatio + " > " + maxRatio + "); the ratio band is left out");
            minRatio = 0;
            maxRatio = Double.POSITIVE_INFINITY;
        }
        return new ObjectFilter(classes(filters.classes(), key + "classes", labels),
                number(filters.minScore(), 0, 0, 1, "min_score", key), minArea, maxArea, minRatio, maxRatio);
    }

    /** Class names to ids; an unknown name is reported and left out (an empty result keeps every class). */
    private Set<Integer> classes(List<String> names, String key, LabelMap labels) {
        Set<Integer> ids = new LinkedHashSet<>();
        if (names == null) {
            return ids;
        }
        for (String name : names) {
            int id = labels.names().indexOf(name);
            if (id < 0) {
                problem(key, "unknown class '" + name + "'" + nearestClass(name, labels) + "; it is left out");
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String nearestClass(String name, LabelMap labels) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : labels.names()) {
            int distance = YamlConfig.editDistance(name, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'? the detector knows " + labels.size() + " classes)";
    }

    private Shape polygon(List<List<Double>> points, String key, String what) {
        double[][] array = points(points, key);
        if (array == null) {
            return null;
        }
        try {
            Polygon.of(array);
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage() + "; the " + what + " is left out");
            return null;
        }
        return new Shape(array, Polygon.normalised(array));
    }

    private Shape segment(List<List<Double>> points, String key) {
        double[][] array = points(points, key);
        if (array == null) {
            return null;
        }
        if (array.length != 2) {
            problem(key, "a line is two points [[x1, y1], [x2, y2]], got " + array.length + "; the line is left out");
            return null;
        }
        if (array[0][0] == array[1][0] && array[0][1] == array[1][1]) {
            problem(key, "both points are " + List.of(array[0][0], array[0][1]) + ": a line of zero length; the line is left out");
            return null;
        }
        return new Shape(array, Polygon.normalised(array));
    }

    private double[][] points(List<List<Double>> points, String key) {
        if (points == null) {
            problem(key, "missing; give [[x, y], ...] in pixels or as fractions 0..1 of the frame");
            return null;
        }
        double[][] array = new double[points.size()][];
        for (int i = 0; i < points.size(); i++) {
            List<Double> p = points.get(i);
            if (p == null || p.size() != 2 || p.get(0) == null || p.get(1) == null || p.get(0) < 0 || p.get(1) < 0) {
                problem(key, "point " + i + " must be [x, y] with x, y of 0 or more");
                return null;
            }
            array[i] = new double[] {p.get(0), p.get(1)};
        }
        return array;
    }

    private Anchor anchor(String text, Anchor fallback, String key) {
        if (text == null) {
            return fallback;
        }
        Anchor anchor = Anchor.parse(text);
        if (anchor == null) {
            problem(key, "'" + text + "' is not bottom_center or center; using " + fallback.configName());
            return fallback;
        }
        return anchor;
    }

    /** Whether a zone's or line's name follows {@link Names} and is not taken by another of the camera's; reported when not. */
    private boolean hasOwnName(String name, Set<String> taken, String key, String what) {
        if (!Names.valid(name)) {
            problem(key + ".name", Names.problem(what, name).orElseThrow() + "; the " + what + " is left out");
            return false;
        }
        if (!taken.add(name)) {
            problem(key + ".name", "every " + what + " needs a name of its own; this one is left out");
            return false;
        }
        return true;
    }

    private int whole(Integer value, int fallback, int min, int max, String name, String where) {
        return (int) number(value == null ? null : value.doubleValue(), fallback, min, max, name, where);
    }

    private double number(Double value, double fallback, double min, double max, String name, String where) {
        if (value == null) {
            return fallback;
        }
        if (!(value >= min && value <= max)) {
            problem(where + name, value + " is out of range " + range(min, max) + "; using " + (Double.isInfinite(fallback) ? "none" : fallback));
            return fallback;
        }
        return value;
    }

    private static String range(double min, double max) {
        return max >= Double.MAX_VALUE ? "(" + min + " or more)" : min + ".." + max;
    }

    private MqttSetup mqtt(MonitorConfig.Mqtt config) {
        if (config == null) {
            return null;
        }
        if (config.host() == null || config.host().isBlank()) {
            problem("mqtt.host", "missing; events are not published on MQTT");
            return null;
        }
        int port = whole(config.port(), 1883, 1, 65535, "port", "mqtt.");
        String prefix = config.topicPrefix() == null || config.topicPrefix().isBlank() ? "vigia" : config.topicPrefix();
        return new MqttSetup(config.host(), port, prefix);
    }

    private RecordingSetup recordings(MonitorConfig.Recordings config) {
        if (config == null) {
            return null;
        }
        Path parent = file.toAbsolutePath().getParent();
        Path dir = parent.resolve(config.dir() == null ? "monitor-clips" : config.dir()).normalize();
        double pre = number(config.preCapture(), 5, 0, 60, "pre_capture", "recordings.");
        double post = number(config.postCapture(), 5, 0, 60, "post_capture", "recordings.");
        double days = number(config.retainDays(), 7, 0.0001, 3650, "retain_days", "recordings.");
        double gb = number(config.maxGb(), 10, 0.001, 100000, "max_gb", "recordings.");
        double longest = number(config.maxClipLength(), 300, 1, 86400, "max_clip_length", "recordings.");
        return new RecordingSetup(dir, Duration.ofMillis(Math.round(pre * 1000)), Duration.ofMillis(Math.round(post * 1000)),
                Duration.ofSeconds(Math.round(days * 86400)), Math.round(gb * 1e9), Duration.ofMillis(Math.round(longest * 1000)));
    }

    private EventFiles eventFiles(MonitorConfig.Events config) {
        Path dir = file.toAbsolutePath().getParent().resolve(config.dir() == null ? "monitor-events" : config.dir()).normalize();
        double days = number(config.retainDays(), 7, 0.0001, 3650, "retain_days", "events.");
        double gb = number(config.maxGb(), 5, 0.001, 100000, "max_gb", "events.");
        double mb = number(config.rotateMb(), 100, 0.001, 100000, "rotate_mb", "events.");
        double hours = number(config.rotateHours(), 24, 0.001, 8760, "rotate_hours", "events.");
        return new EventFiles(dir, Duration.ofSeconds(Math.round(days * 86400)), Math.round(gb * 1e9), Math.round(mb * 1e6),
                Duration.ofMillis(Math.round(hours * 3600_000)));
    }

    private SnapshotUpscaling snapshotUpscaling(MonitorConfig.SuperResolution config) {
        if (config == null) {
            return null;
        }
        String model = config.model() == null ? "esrgan-slim" : config.model();
        int scale = config.scale() == null ? 4 : config.scale();
        if (!List.of(2, 3, 4, 8).contains(scale)) {
            problem("events.super_resolution.scale", scale + " is not 2, 3, 4 or 8; snapshots are not super-resolved");
            return null;
        }
        int below = (int) number(config.below() == null ? null : config.below().doubleValue(), 160, 2, 10000, "below",
                "events.super_resolution.");
        return new SnapshotUpscaling(model, scale, below);
    }

    private void problem(String key, String message) {
        problems.add(file + ": " + key + ": " + message);
    }

    public List<CameraSetup> cameras() {
        return cameras;
    }

    /** One line per problem found, in file order; empty for a clean config. */
    public List<String> problems() {
        return problems;
    }

    /** How small event snapshots are super-resolved, or null when they are not. */
    public SnapshotUpscaling snapshotUpscaling() {
        return snapshotUpscaling;
    }

    /** MQTT settings, or null when events are not published. */
    public MqttSetup mqtt() {
        return mqtt;
    }

    /** Clip settings, or null when no clips are recorded. */
    public RecordingSetup recordings() {
        return recordings;
    }

    /** Where events.jsonl and the snapshots go. */
    public Path eventsDir() {
        return eventFiles.dir();
    }

    /** The events folder with its retention and rotation limits. */
    public EventFiles eventFiles() {
        return eventFiles;
    }

    /** No frame for this long reopens a camera. */
    public Duration watchdog() {
        return watchdog;
    }

    public MonitorConfig raw() {
        return raw;
    }

    public Path file() {
        return file;
    }
}
