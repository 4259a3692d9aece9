package dev.vigia.monitor.metrics;

import dev.vigia.monitor.camera.CameraHealth;
import dev.vigia.monitor.camera.CameraState;
import dev.vigia.monitor.events.EventBus;
import dev.vigia.monitor.storage.WriteFailures;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.motion.DetectionBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Pointer;

/**
 * The monitor's Prometheus metrics (Micrometer): per camera frames in and detected per second,
 * drops, reconnects, stalls, last frame age, end-to-end latency quantiles, active objects; the
 * detector's median call and failures, frames in the shared ring (the queue depth); events published and dropped; JVM memory, threads, GC,
 * file descriptors; native memory (JavaCPP's allocations and the process's resident set); failed
 * snapshot, clip and event writes per camera; motion gating (fraction of frames that moved,
 * detections run, frames skipped) and the detection budget (shares, refusals).
 */
public final class MonitorMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Micrometer keeps only weak references to what its gauges read: the monitor's suppliers are held here. */
    private final java.util.List<Object> measured = new java.util.concurrent.CopyOnWriteArrayList<>();

    public MonitorMetrics(EventBus events) {
        measured.add(events);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("vigia_native_javacpp_bytes", Pointer::totalBytes).description("Native memory JavaCPP has allocated")
                .baseUnit("bytes").register(registry);
        Gauge.builder("vigia_process_resident_bytes", MonitorMetrics::residentBytes)
                .description("Resident set size of the process (heap, native libraries and buffers)").baseUnit("bytes").register(registry);
        FunctionCounter.builder("vigia_events_published", events, EventBus::published).register(registry);
        FunctionCounter.builder("vigia_events_dropped", events, EventBus::dropped)
                .description("Events dropped because subscribers fell behind").register(registry);
    }

    /** Registers one camera's meters; {@code stats} gives its live statistics. */
    public void camera(String name, CameraState state, CameraHealth health, Supplier<PipelineStats> stats) {
        Tags tags = Tags.of("camera", name);
        measured.add(stats);
        measured.add(health);
        measured.add(state);
        Gauge.builder("vigia_camera_fps_in", health, CameraHealth::fpsIn).tags(tags).register(registry);
        Gauge.builder("vigia_camera_fps_detected", health, CameraHealth::fpsDetected).tags(tags).register(registry);
        Gauge.builder("vigia_camera_connected", health, h -> h.connected() ? 1 : 0).tags(tags).register(registry);
        Gauge.builder("vigia_camera_last_frame_age_seconds", state, CameraState::lastFrameAgeSeconds).tags(tags).register(registry);
        Gauge.builder("vigia_camera_active_objects", state, CameraState::activeObjects).tags(tags).register(registry);
        FunctionCounter.builder("vigia_camera_frames_in", stats, s -> s.get().framesIn()).tags(tags).register(registry);
        FunctionCounter.builder("vigia_camera_frames_dropped", stats, s -> s.get().framesDropped()).tags(tags).register(registry);
        FunctionCounter.builder("vigia_camera_reconnects", stats, s -> s.get().reconnects()).tags(tags).register(registry);
        FunctionCounter.builder("vigia_camera_stalls", stats, s -> s.get().stalls()).tags(tags).register(registry);
        // Motion gating and the detection budget: what moved, what the detector ran on, what it skipped.
        FunctionCounter.builder("vigia_camera_detections_run", state, CameraState::detectedFrames).tags(tags)
                .description("Frames the detector ran on").register(registry);
        Gauge.builder("vigia_camera_motion_fraction", stats, s -> s.get().motionChecked() == 0 ? 0
                : s.get().motionFrames() / (double) s.get().motionChecked()).tags(tags)
                .description("Fraction of the frames looked at for motion that moved (0 when not gated by motion)").register(registry);
        FunctionCounter.builder("vigia_camera_frames_skipped", stats, s -> s.get().motionChecked() - s.get().motionDetections()).tags(tags)
                .description("Frames motion gating (or the detection budget) left to the tracker's prediction").register(registry);
        Gauge.builder("vigia_camera_regions_per_detection", stats, s -> s.get().regionDetections() == 0 ? 0 : s.get().regionsPerDetection())
                .tags(tags).description("Crops the detector ran on per frame detected by regions (1: the whole frame; 0 when not detecting by regions)")
                .register(registry);
        for (double quantile : new double[] {0.5, 0.95, 0.99}) {
            Gauge.builder("vigia_camera_latency_ms", stats, s -> s.get().latencyMillis(quantile * 100))
                    .tags(tags.and("quantile", String.valueOf(quantile))).description("Capture to last stage, milliseconds")
                    .register(registry);
        }
    }

    /**
     * {@code vigia_write_failures_total{kind, camera}}: snapshot, clip and event writes that failed
     * (a full disk), each camera's series present from the start, at 0.
     */
    public void writeFailures(WriteFailures failures, java.util.List<String> cameras) {
        measured.add(failures);
        for (String camera : cameras) {
            for (WriteFailures.Kind kind : WriteFailures.Kind.values()) {
                FunctionCounter.builder("vigia_write_failures", failures, f -> f.count(kind, camera))
                        .tags(Tags.of("kind", kind.label(), "camera", camera))
                        .description("Snapshot, clip and event writes that failed; the camera went on").register(registry);
            }
        }
    }

    /** Detector time of the whole engine (all cameras share one detector). */
    public void engine(Supplier<PipelineStats> total) {
        measured.add(total);
        Gauge.builder("vigia_detect_ms_median", total, s -> s.get().stageMedians().getOrDefault("detect", Double.NaN))
                .description("Median detector call, milliseconds").register(registry);
        Gauge.builder("vigia_detect_batch_mean", total, s -> s.get().meanBatch()).register(registry);
        Gauge.builder("vigia_ring_frames_in_flight", total, s -> s.get().inFlight())
                .description("Frames in the shared ring, waiting for or passing through the stages").register(registry);
        Gauge.builder("vigia_ring_frames_in_flight_max", total, s -> s.get().maxInFlight()).register(registry);
        FunctionCounter.builder("vigia_detect_failures", total, s -> s.get().stageFailures().getOrDefault("detect", 0L))
                .description("Frames whose detection failed, stuck calls that were abandoned included").register(registry);
    }

    /**
     * The detection budget, read live: {@code vigia_detect_budget_per_second} (NaN without one, or
     * not measured yet) and per camera its share now (0..1 and detections a second), the frames it
     * asked for and was refused (it got less than it asked for), and whether it was refused in the last 10 s.
     */
    public void budget(Supplier<java.util.Optional<DetectionBudget.Report>> report, java.util.List<String> cameras) {
        measured.add(report);
        Gauge.builder("vigia_detect_budget_per_second", report, r -> r.get().map(DetectionBudget.Report::perSecond).orElse(Double.NaN))
                .description("Detections a second the motion-gated cameras share").register(registry);
        for (String camera : cameras) {
            Tags tags = Tags.of("camera", camera);
            Supplier<DetectionBudget.Share> share = () -> report.get()
                    .flatMap(b -> b.sources().stream().filter(s -> s.source().equals(camera)).findFirst()).orElse(null);
            measured.add(share);
            Gauge.builder("vigia_camera_budget_share", share, s -> s.get() == null ? Double.NaN : s.get().fraction()).tags(tags)
                    .description("This camera's share of the detection budget now, 0..1").register(registry);
            Gauge.builder("vigia_camera_budget_detections_per_second", share, s -> s.get() == null ? Double.NaN : s.get().perSecond())
                    .tags(tags).description("Detections a second this camera's share allows now").register(registry);
            FunctionCounter.builder("vigia_camera_budget_refused", share, s -> s.get() == null ? 0 : s.get().refused()).tags(tags)
                    .description("Frames motion gating wanted detected that the budget refused: the camera got less than it asked for")
                    .register(registry);
            Gauge.builder("vigia_camera_budget_short", share, s -> s.get() != null && s.get().shortNow() ? 1 : 0).tags(tags)
                    .description("1 when the budget refused this camera a detection in the last 10 s").register(registry);
        }
    }

    public String scrape() {
        return registry.scrape();
    }

    private static double residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
