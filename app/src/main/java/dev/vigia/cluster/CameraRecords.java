package dev.vigia.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import dev.vigia.monitor.config.MonitorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A camera's entry in {@code vigia.cameras}: the key is its name, the value the camera's config
 * as JSON with the same keys as a {@code cameras:} entry of a monitor config file.
 */
public final class CameraRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CameraRecords() {}

    public static byte[] value(JsonNode cameraEntry) {
        try {
            return JSON.writeValueAsBytes(cameraEntry);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The camera a record holds; a malformed one is a one-line error naming its key. */
    public static MonitorConfig.Camera read(String key, byte[] value) {
        JsonNode node;
        try {
            node = YamlConfig.mapper().readTree(new String(value, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError("Camera record '" + key + "' in " + ClusterTopics.CAMERAS + " is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        MonitorConfig.Camera camera = YamlConfig.convert(node, "camera record '" + key + "' in " + ClusterTopics.CAMERAS,
                MonitorConfig.Camera.class);
        if (camera.name() == null || !camera.name().equals(key)) {
            throw new UserError("Camera record '" + key + "' in " + ClusterTopics.CAMERAS + " names the camera '" + camera.name()
                    + "'; a record's key is its camera's name");
        }
        if (camera.url() == null || camera.url().isBlank()) {
            throw new UserError("Camera record '" + key + "' in " + ClusterTopics.CAMERAS + " has no url");
        }
        return camera;
    }
}
