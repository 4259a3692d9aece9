package dev.vigia.monitor.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.monitor.camera.CameraHealth;
import dev.vigia.monitor.camera.CameraState;
import dev.vigia.monitor.events.RecentEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** What the dashboard shows: the cameras, recent events, statistics, the config, metrics and the event files. */
public record DashboardContent(List<Camera> cameras, RecentEvents events, Supplier<ObjectNode> stats, ObjectNode config,
        Supplier<String> metrics, Path snapshotDir, Path clipDir) {

    /** One camera: its name, its address with any password hidden, its live state and health, and its zones and lines. */
    public record Camera(String name, String url, CameraState state, CameraHealth health) {}

    Camera camera(String name) {
        for (Camera camera : cameras) {
            if (camera.name().equals(name)) {
                return camera;
            }
        }
        return null;
    }
}
