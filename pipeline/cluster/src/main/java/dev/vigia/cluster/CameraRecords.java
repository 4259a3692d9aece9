package dev.vigia.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.Names;
import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import dev.vigia.monitor.config.MonitorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A camera's entry in {@code vigia.cameras}: the key is its name, the value the camera's config
 * as JSON with the same keys as a {@code cameras:} entry of a monitor config file.
 *
 * <p>Anyone who can write to the topic writes what a worker runs, so a record is untrusted: it is
 * bounded in size and in zones, lines, masks and points before anything is built from it (a
 * polygon's self-intersection check grows with the square of its points), its names follow
 * {@link Names}, and its address is a network stream unless the worker allows local sources
 * (a file or a device of the worker's machine).
 */
public final class CameraRecords {

    public static final int MAX_RECORD_BYTES = 64 * 1024;
    public static final int MAX_ZONES = 32;
    public static final int MAX_LINES = 32;
    public static final int MAX_MASKS = 16;
    public static final int MAX_POINTS = dev.vigia.pipeline.zones.Polygon.MAX_POINTS;
    /** What a camera may be watched through when it comes from Kafka. */
    public static final List<String> NETWORK_SCHEMES = List.of("rtsp", "rtsps", "rtmp", "http", "https");

    private static final ObjectMapper JSON = new ObjectMapper();

    private CameraRecords() {}

    public static byte[] value(JsonNode cameraEntry) {
        try {
            return JSON.writeValueAsBytes(cameraEntry);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The camera a record holds; a record that is malformed or beyond the limits is a one-line
     * error naming the camera and the key.
     */
    public static MonitorConfig.Camera read(String key, byte[] value, boolean allowLocalSources) {
        String record = "Camera record '" + Names.shown(key) + "' in " + ClusterTopics.CAMERAS;
        Names.problem("camera", key).ifPresent(problem -> {
            throw new UserError(record + ": key: " + problem);
        });
        if (value.length > MAX_RECORD_BYTES) {
            throw new UserError(record + ": " + value.length + " bytes; a camera record holds at most " + MAX_RECORD_BYTES);
        }
        JsonNode node;
        try {
            node = YamlConfig.mapper().readTree(new String(value, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError(record + " is not JSON: " + Names.shown(e.getMessage().lines().findFirst().orElse("")));
        }
        MonitorConfig.Camera camera = YamlConfig.convert(node, "camera record '" + key + "' in " + ClusterTopics.CAMERAS,
                MonitorConfig.Camera.class);
        if (camera.name() == null || !camera.name().equals(key)) {
            throw new UserError(record + ": name: '" + Names.shown(String.valueOf(camera.name()))
                    + "' is not the record's key; a record's key is its camera's name");
        }
        if (camera.url() == null || camera.url().isBlank()) {
            throw new UserError(record + ": url: missing; give an rtsp:// address");
        }
        checkSource(record, camera.url(), allowLocalSources);
        checkShapes(record, camera);
        return camera;
    }

    private static void checkSource(String record, String url, boolean allowLocalSources) {
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd > 0 ? url.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT) : "";
        if (!NETWORK_SCHEMES.contains(scheme) && !allowLocalSources) {
            throw new UserError(record + ": url: '" + Names.shown(dev.vigia.config.Redaction.redact(url))
                    + "' is not a network stream; use " + String.join(", ", NETWORK_SCHEMES)
                    + " (this worker does not open its own files or devices)");
        }
    }

    private static void checkShapes(String record, MonitorConfig.Camera camera) {
        List<MonitorConfig.Zone> zones = camera.zones() == null ? List.of() : camera.zones();
        List<MonitorConfig.Line> lines = camera.lines() == null ? List.of() : camera.lines();
        List<List<List<Double>>> masks = camera.masks() == null ? List.of() : camera.masks();
        atMost(record, "zones", zones.size(), MAX_ZONES);
        atMost(record, "lines", lines.size(), MAX_LINES);
        atMost(record, "masks", masks.size(), MAX_MASKS);
        for (int i = 0; i < zones.size(); i++) {
            MonitorConfig.Zone zone = zones.get(i);
            if (zone != null) {
                name(record, "zones[" + i + "].name", "zone", zone.name());
                atMost(record, "zones[" + i + "].points", zone.points() == null ? 0 : zone.points().size(), MAX_POINTS);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            MonitorConfig.Line line = lines.get(i);
            if (line != null) {
                name(record, "lines[" + i + "].name", "line", line.name());
                atMost(record, "lines[" + i + "].points", line.points() == null ? 0 : line.points().size(), MAX_POINTS);
            }
        }
        for (int i = 0; i < masks.size(); i++) {
            atMost(record, "masks[" + i + "]", masks.get(i) == null ? 0 : masks.get(i).size(), MAX_POINTS);
        }
    }

    private static void name(String record, String key, String kind, String name) {
        Names.problem(kind, name).ifPresent(problem -> {
            throw new UserError(record + ": " + key + ": " + problem);
        });
    }

    private static void atMost(String record, String key, int count, int limit) {
        if (count > limit) {
            throw new UserError(record + ": " + key + ": " + count + " given; at most " + limit);
        }
    }
}
