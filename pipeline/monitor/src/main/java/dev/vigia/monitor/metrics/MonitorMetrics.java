package dev.vigia.monitor.metrics;

import dev.vigia.monitor.camera.CameraHealth;
import dev.vigia.monitor.camera.CameraState;
import dev.vigia.monitor.events.EventBus;
import dev.vigia.monitor.storage.WriteFailures;
import dev.vigia.pipeline.PipelineStats;
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
 * snapshot, clip and event writes per camera.
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
