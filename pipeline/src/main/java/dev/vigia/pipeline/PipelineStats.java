package dev.vigia.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.pipeline.render.HeadsUpAnnotator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency histograms of one pipeline run: frames in, out, dropped and damaged,
 * reconnects, per-stage time, end-to-end latency (capture to the last stage in order).
 *
 * <p>Stages record from their own threads into HdrHistogram {@link Recorder}s, which take
 * concurrent writers without locks; a report merges what they recorded.
 */
public final class PipelineStats implements HeadsUpAnnotator.Figures {

    private static final long MAX_NANOS = 3_600_000_000_000L;

    /** One stage's timing; several workers of a stage share one. */
    public static final class StageTimer {
        private final Recorder recorder = new Recorder(3);
        private final Histogram total = new Histogram(MAX_NANOS, 3);

        void record(long nanos) {
            recorder.recordValue(Math.min(Math.max(nanos, 0), MAX_NANOS));
        }

        synchronized Histogram snapshot() {
            total.add(recorder.getIntervalHistogram());
            return total.copy();
        }
    }

    /**
     * One stage's failures; several workers of a stage share one. The first error is kept for the
     * one-line report, later ones are only counted.
     */
    public static final class StageHealth {
        private final String stage;
        private final AtomicLong frames = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final java.util.concurrent.atomic.AtomicBoolean gaveUp = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile Throwable firstError;
        private volatile Throwable lastError;
        private volatile Throwable finishError;
        // Counts when the source was last started again: the failure policy judges only what came since.
        private volatile long framesAtRestart;
        private volatile long failuresAtRestart;
        private volatile int generation;

        StageHealth(String stage) {
            this.stage = stage;
        }

        /** Counts a frame; returns the failures so far. */
        long frameDone(boolean failed, Throwable error) {
            frames.incrementAndGet();
            if (!failed) {
                return failures.get();
            }
            if (firstError == null) {
                firstError = error;
            }
            lastError = error;
            return failures.incrementAndGet();
        }

        long frames() {
            return frames.get();
        }

        long framesSinceRestart() {
            return frames.get() - framesAtRestart;
        }

        long failuresSinceRestart() {
            return failures.get() - failuresAtRestart;
        }

        /** Changes each time the source is started again, so per-worker counts of failures in a row start over. */
        int generation() {
            return generation;
        }

        /** The source was started again: the stage may give up on it once more, judged on new frames only. */
        void restarted() {
            framesAtRestart = frames.get();
            failuresAtRestart = failures.get();
            firstError = null;
            generation++;
            gaveUp.set(false);
        }

        /** True the first time: the run stops once per stage. */
        boolean giveUp() {
            return gaveUp.compareAndSet(false, true);
        }

        void finishFailed(Throwable error) {
            if (finishError == null) {
                finishError = error;
            }
        }

        public long failures() {
            return failures.get();
        }

        /** Why this stage ended the run, or null. */
        String failure() {
            if (gaveUp.get()) {
                return "stage '" + stage + "' failed on " + failuresSinceRestart() + " of " + framesSinceRestart() + " frames; first error: "
                        + describe(firstError);
            }
            if (finishError != null) {
                return "stage '" + stage + "' could not finish: " + describe(finishError);
            }
            return null;
        }

        /** Why this stage gave up on the source, with its latest error (a source started again reports what stopped it last). */
        String gaveUpBecause() {
            return gaveUp.get() ? "stage '" + stage + "' failed on " + failuresSinceRestart() + " of " + framesSinceRestart()
                    + " frames; last error: " + describe(lastError) : null;
        }

        private static String describe(Throwable e) {
            if (e == null) {
                return "unknown";
            }
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            return message.isEmpty() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
        }
    }

    private final String sourceName;
    private final Map<String, StageTimer> stages = new LinkedHashMap<>();
    private final Map<String, StageHealth> health = new LinkedHashMap<>();
    private final StageTimer endToEnd = new StageTimer();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private volatile String lastFailure;
    private volatile boolean down;
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong framesCompleted = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong batchedFrames = new AtomicLong();
    private volatile long largestBatch;
    private final AtomicLong framesDropped = new AtomicLong();
    private volatile long maxInFlight;
    private volatile long inFlight;
    private volatile long badFrames;
    private volatile long reconnects;
    private volatile long stalls;
    private volatile long startNanos = System.nanoTime();
    private volatile long endNanos;
    private final AtomicLong motionChecked = new AtomicLong();
    private final AtomicLong motionFrames = new AtomicLong();
    private final AtomicLong motionDetections = new AtomicLong();
    private final AtomicLong regionDetections = new AtomicLong();
    private final AtomicLong regionInferences = new AtomicLong();
    private final AtomicLong regionWholeFrames = new AtomicLong();

    /** Statistics of a whole run. */
    public PipelineStats() {
        this("all");
    }

    /** Statistics of one source (or "all"). */
    public PipelineStats(String sourceName) {
        this.sourceName = sourceName;
    }

    /** The source these statistics are of, or "all". */
    public String sourceName() {
        return sourceName;
    }

    synchronized StageTimer timer(String stage) {
        return stages.computeIfAbsent(stage, s -> new StageTimer());
    }

    synchronized StageHealth health(String stage) {
        return health.computeIfAbsent(stage, StageHealth::new);
    }

    /** Failures of each stage that had any, in pipeline order. */
    public synchronized Map<String, Long> stageFailures() {
        Map<String, Long> failures = new LinkedHashMap<>();
        health.forEach((name, h) -> failures.put(name, h.failures()));
        return failures;
    }

    /** Why the run failed (a stage that kept failing, an output not finished), or empty. */
    public synchronized java.util.Optional<String> failure() {
        return health.values().stream().map(StageHealth::failure).filter(java.util.Objects::nonNull).findFirst();
    }

    void started() {
        startNanos = System.nanoTime();
    }

    void finished() {
        endNanos = System.nanoTime();
    }

    void frameIn() {
        framesIn.incrementAndGet();
    }

    void frameDropped() {
        framesDropped.incrementAndGet();
    }

    /** Called once per frame by the last stage in order: capture-to-done latency, and the live frame rate. */
    void frameCompleted(long captureNanos) {
        framesCompleted.incrementAndGet();
        endToEnd.record(System.nanoTime() - captureNanos);
    }

    /** A detection worker ran one inference over {@code frames} frames. */
    void batchDetected(int frames) {
        batches.incrementAndGet();
        batchedFrames.addAndGet(frames);
        if (frames > largestBatch) {
            largestBatch = frames;
        }
    }

    /** Frames per detection call on average (1 without batching), or 0 before the first. */
    public double meanBatch() {
        long calls = batches.get();
        return calls == 0 ? 0 : batchedFrames.get() / (double) calls;
    }

    /** The source was stopped by a stage that gave up on it, or by its reader failing, and will be started again. */
    synchronized void wentDown() {
        lastFailure = health.values().stream().map(StageHealth::gaveUpBecause).filter(java.util.Objects::nonNull).findFirst()
                .orElse(failure().orElse("unknown"));
        down = true;
    }

    /** The source was started again after {@link #wentDown}. */
    synchronized void restarted() {
        restarts.incrementAndGet();
        down = false;
        health.values().forEach(StageHealth::restarted);
    }

    /** Times this source was started again after a failure stopped it. */
    public long restarts() {
        return restarts.get();
    }

    /** Whether this source is stopped right now, waiting to be started again. */
    public boolean down() {
        return down;
    }

    /** Why this source was last stopped (one line), or null if it never was. */
    public String lastFailure() {
        return lastFailure;
    }

    /** The capture of this source failed outright (its reader threw); the other sources go on. */
    void captureFailed(Throwable error) {
        StageHealth capture = health("capture");
        capture.frameDone(true, error);
        capture.giveUp();
    }

    /** Frames that went through every stage: all published frames, once the ring has drained. */
    void setFramesOut(long frames) {
        framesOut.set(frames);
    }

    /** Capture looked for motion in a frame (detection gated by motion): whether it moved, whether it was sent to detection. */
    void motionChecked(boolean moved, boolean detected) {
        motionChecked.incrementAndGet();
        if (moved) {
            motionFrames.incrementAndGet();
        }
        if (detected) {
            motionDetections.incrementAndGet();
        }
    }

    /** Frames looked at for motion; 0 when detection is not gated by motion. */
    public long motionChecked() {
        return motionChecked.get();
    }

    /** Of those, frames that moved. */
    public long motionFrames() {
        return motionFrames.get();
    }

    /** Of those, frames sent to the detector. */
    public long motionDetections() {
        return motionDetections.get();
    }

    /** Capture planned the crops of a frame to detect by regions: how many inferences, and whether it fell back to the whole frame. */
    void regionsPlanned(int inferences, boolean wholeFrame) {
        regionDetections.incrementAndGet();
        regionInferences.addAndGet(inferences);
        if (wholeFrame) {
            regionWholeFrames.incrementAndGet();
        }
    }

    /** Frames detected by regions; 0 when the source detects whole frames. */
    public long regionDetections() {
        return regionDetections.get();
    }

    /** Crops (or whole frames) the detector ran on per frame detected by regions; {@code NaN} before the first. */
    public double regionsPerDetection() {
        long detections = regionDetections.get();
        return detections == 0 ? Double.NaN : regionInferences.get() / (double) detections;
    }

    /** Of the frames detected by regions, those detected whole (motion everywhere, or too many crops). */
    public long regionWholeFrames() {
        return regionWholeFrames.get();
    }

    /** Capture reports how many frames were in the ring when it published one. */
    void observeInFlight(long frames) {
        inFlight = frames;
        if (frames > maxInFlight) {
            maxInFlight = frames;
        }
    }

    /** The most frames that were ever in the ring at once. */
    /** Frames in the ring when capture last published one: the queue in front of the stages (totals only). */
    public long inFlight() {
        return inFlight;
    }

    public long maxInFlight() {
        return maxInFlight;
    }

    void setSourceCounters(long badFrames, long reconnects, long stalls) {
        this.stalls = stalls;
        this.badFrames = badFrames;
        this.reconnects = reconnects;
    }

    public long framesIn() {
        return framesIn.get();
    }

    public long framesOut() {
        return framesOut.get();
    }

    public long framesDropped() {
        return framesDropped.get();
    }

    public long badFrames() {
        return badFrames;
    }

    public long reconnects() {
        return reconnects;
    }

    /** Live reads the watchdog found stalled and interrupted. */
    public long stalls() {
        return stalls;
    }

    public double seconds() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        return (end - startNanos) / 1e9;
    }

    public double fps() {
        double s = seconds();
        return s > 0 ? framesOut.get() / s : 0;
    }

    /** Frames per second through every stage so far, for the heads-up line. */
    public double currentFps() {
        double s = seconds();
        return s > 0 ? framesCompleted.get() / s : 0;
    }

    public double latencyMillis(double percentile) {
        return endToEnd.snapshot().getValueAtPercentile(percentile) / 1e6;
    }

    /** Median milliseconds of each stage so far, in pipeline order, for the heads-up line. */
    public synchronized Map<String, Double> stageMedians() {
        Map<String, Double> medians = new LinkedHashMap<>();
        stages.forEach((name, timer) -> medians.put(name, timer.snapshot().getValueAtPercentile(50) / 1e6));
        return medians;
    }

    /** These totals, and each source's own under {@code "sources"} when there are several. */
    public synchronized ObjectNode toJson(Map<String, PipelineStats> sources) {
        ObjectNode root = toJson();
        if (batches.get() > 0) {
            root.putObject("batch").put("mean", round(meanBatch())).put("max", largestBatch).put("calls", batches.get());
        }
        ObjectNode bySource = root.putObject("sources");
        sources.forEach((name, source) -> bySource.set(name, source.toJson()));
        return root;
    }

    public synchronized ObjectNode toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("frames_in", framesIn.get());
        root.put("frames_out", framesOut.get());
        root.put("frames_dropped", framesDropped.get());
        root.put("bad_frames", badFrames);
        root.put("reconnects", reconnects);
        root.put("stalls", stalls);
        ObjectNode failures = root.putObject("stage_failures");
        health.forEach((name, h) -> failures.put(name, h.failures()));
        root.put("max_in_flight", maxInFlight);
        root.put("seconds", round(seconds()));
        root.put("fps", round(fps()));
        Histogram latency = endToEnd.snapshot();
        root.putObject("latency_ms")
                .put("p50", round(latency.getValueAtPercentile(50) / 1e6))
                .put("p95", round(latency.getValueAtPercentile(95) / 1e6))
                .put("p99", round(latency.getValueAtPercentile(99) / 1e6));
        if (motionChecked.get() > 0) {
            long checked = motionChecked.get();
            ObjectNode motion = root.putObject("motion")
                    .put("frames", checked)
                    .put("motion_fraction", round(motionFrames.get() / (double) checked))
                    .put("detections_run", motionDetections.get())
                    .put("frames_skipped", checked - motionDetections.get())
                    .put("detections_per_second", round(seconds() > 0 ? motionDetections.get() / seconds() : 0));
            if (regionDetections.get() > 0) {
                motion.put("regions_per_detection", round(regionsPerDetection())).put("whole_frame_detections", regionWholeFrames.get());
            }
        }
        ObjectNode stageNode = root.putObject("stages");
        stages.forEach((name, timer) -> {
            Histogram h = timer.snapshot();
            stageNode.putObject(name)
                    .put("p50_ms", round(h.getValueAtPercentile(50) / 1e6))
                    .put("p95_ms", round(h.getValueAtPercentile(95) / 1e6))
                    .put("p99_ms", round(h.getValueAtPercentile(99) / 1e6));
        });
        return root;
    }

    public void writeJson(Path file) throws IOException {
        writeJson(file, Map.of());
    }

    public void writeJson(Path file, Map<String, PipelineStats> sources) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson(sources));
    }

    /** The end-of-run summary for people. */
    public synchronized List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "frames in %d, out %d, dropped %d, damaged %d, reconnects %d; %.1f fps over %.1f s",
                framesIn.get(), framesOut.get(), framesDropped.get(), badFrames, reconnects, fps(), seconds()));
        Histogram latency = endToEnd.snapshot();
        lines.add(String.format(Locale.ROOT, "latency capture->done: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(95) / 1e6,
                latency.getValueAtPercentile(99) / 1e6));
        StringBuilder perStage = new StringBuilder("stages (p50/p95 ms):");
        stages.forEach((name, timer) -> {
            Histogram h = timer.snapshot();
            perStage.append(String.format(Locale.ROOT, " %s %.1f/%.1f", name,
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(95) / 1e6));
        });
        lines.add(perStage.toString());
        if (motionChecked.get() > 0) {
            long checked = motionChecked.get();
            lines.add(String.format(Locale.ROOT, "motion: %.1f%% of %d frames moved; detections run %d, frames not detected %d",
                    100.0 * motionFrames.get() / checked, checked, motionDetections.get(), checked - motionDetections.get()));
            if (regionDetections.get() > 0) {
                lines.add(String.format(Locale.ROOT, "regions: %.2f crops per detection; %d of %d detections on the whole frame",
                        regionsPerDetection(), regionWholeFrames.get(), regionDetections.get()));
            }
        }
        long failed = health.values().stream().mapToLong(StageHealth::failures).sum();
        if (failed > 0) {
            StringBuilder perStageFailures = new StringBuilder("stage failures:");
            health.forEach((name, h) -> {
                if (h.failures() > 0) {
                    perStageFailures.append(' ').append(name).append(' ').append(h.failures());
                }
            });
            lines.add(perStageFailures.toString());
        }
        return lines;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
