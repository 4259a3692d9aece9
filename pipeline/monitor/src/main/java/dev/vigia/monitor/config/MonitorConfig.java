package dev.vigia.monitor.config;

import java.util.List;

/**
 * {@code cameras.yaml} as written: every key optional here, so that a missing or wrong value
 * becomes a message naming the file, the camera and the key ({@link MonitorSetup}) rather than a
 * parser's complaint. Keys are snake_case. {@code precision} ({@code auto|fp32|bf16}) is the
 * detector's, read with {@link MonitorSetup#precision} before the model loads.
 */
public record MonitorConfig(String detector, String tracker, Double watchdog, Integer detectWorkers, String inferenceThreads,
        String precision, List<Camera> cameras, Mqtt mqtt, Recordings recordings, Events events, MotionSettings motion) {

    /** This config with {@code list} as its cameras (a cluster worker's share of them). */
    public MonitorConfig withCameras(List<Camera> list) {
        return new MonitorConfig(detector, tracker, watchdog, detectWorkers, inferenceThreads, precision, list, mqtt, recordings, events, motion);
    }

    /** A config with no camera and every setting left to its default. */
    public static MonitorConfig empty() {
        return new MonitorConfig(null, null, null, null, null, null, List.of(), null, null, null, null);
    }

    /**
     * {@code start_time}: for a recording read with {@code mode: file}, when its first frame was taken (ISO 8601).
     * {@code motion}: this camera's motion gating, instead of the top-level {@code motion:} section.
     */
    public record Camera(String name, String url, String mode, Double detectFps, Double fpsCap, Filters filters,
            List<List<List<Double>>> masks, String anchor, List<Zone> zones, List<Line> lines, String startTime,
            MotionSettings motion) {}

    public record Filters(List<String> classes, Double minScore, Double minArea, Double maxArea, Double minRatio, Double maxRatio) {}

    public record Zone(String name, List<List<Double>> points, Integer inertia, Double loiteringTime, List<String> objects, String anchor) {}

    public record Line(String name, List<List<Double>> points, Integer minFrames, List<String> objects, String anchor) {}

    public record Mqtt(String host, Integer port, String topicPrefix) {}

    public record Recordings(String dir, Double preCapture, Double postCapture, Double retainDays, Double maxGb, Double maxClipLength) {}

    /**
     * {@code retain_days} and {@code max_gb} bound the snapshots and rotated event logs together;
     * {@code rotate_mb} and {@code rotate_hours} say when events.jsonl is set aside for a new one.
     */
    public record Events(String dir, SuperResolution superResolution, Double retainDays, Double maxGb, Double rotateMb,
            Double rotateHours) {}

    /** Event snapshots super-resolved when small: {@code model} (esrgan-slim...) at {@code scale}, below {@code below} pixels. */
    public record SuperResolution(String model, Integer scale, Integer below) {}
}
