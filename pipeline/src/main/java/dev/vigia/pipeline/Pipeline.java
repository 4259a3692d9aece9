package dev.vigia.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.FramePreparer;
import dev.vigia.models.engine.CpuPlan;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.source.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture threads, one per source, then stages on one LMAX Disruptor ring of preallocated
 * {@link FrameEvent} slots that every source shares.
 *
 * <pre>
 *   source A ─▶ capture A ─┐
 *   source B ─▶ capture B ─┼▶ [ring] ─▶ prepare ─▶ detect×N ─▶ nms ─▶ track ─▶ … ─▶ render ─▶ sink, sink, …
 *   source C ─▶ capture C ─┘  (model input, on  (workers over   (one at a time, in frame   (side by side,
 *                              the rest's CPUs)  one model,      order; per-source stages   each source's own)
 *                                                batching)       keep per-source state)
 * </pre>
 *
 * <p>Build with {@link #builder()}; the wiring is frozen when {@link #run()} starts. {@code run}
 * reads every source until each ends, {@code maxFrames} or the duration is reached, or
 * {@link #requestStop()} is called; a source whose frames keep failing is stopped alone (or, with
 * {@link SourceRestarts}, paused and started again). Then it
 * lets the ring drain, calls every stage's {@code onStop} (sinks finish their files) and returns
 * the statistics. Not part of the public API: programs use {@link Vigia#engine()}.
 */
final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

    /** What a per-source stage factory is given: the source's position, name, capture mode and statistics. */
    record SourceContext(int index, String name, Source source, CaptureMode mode, PipelineStats stats) {}

    private final List<SourceLane> lanes;
    private final boolean realtime;
    private final long maxFrames;
    private final Duration duration;
    private final int ringSize;
    private final List<Detector> detectors;
    private final CpuPlan cpus;
    private final int batch;
    private final List<Stage> firstStages;
    private final List<Stage> sequence;
    private final List<Stage> sinks;
    private final PipelineStats stats;
    private final FailurePolicy failurePolicy;
    private final SourceRestarts restarts;
    /** The model's suppression, one per detection worker, for pipelines with sources that detect regions; null: none run there. */
    private final java.util.function.Supplier<dev.vigia.models.nms.Suppressor> regionSuppression;
    private volatile boolean stopRequested;

    private Pipeline(Builder b, List<SourceLane> lanes) {
        this.lanes = lanes;
        this.realtime = b.realtime;
        this.maxFrames = b.maxFrames;
        this.duration = b.duration;
        this.ringSize = b.ringSize;
        this.detectors = List.copyOf(b.detectors);
        this.batch = b.batch;
        this.cpus = b.cpus;
        this.firstStages = List.copyOf(b.firstStages);
        this.stats = b.stats;
        this.failurePolicy = b.failurePolicy;
        this.restarts = b.restarts;
        this.regionSuppression = b.regionSuppression;
        List<SourceContext> contexts = lanes.stream()
                .map(lane -> new SourceContext(lane.index, lane.name, lane.source, lane.mode, lane.stats)).toList();
        this.sequence = new ArrayList<>();
        for (Function<List<SourceContext>, Stage> stage : b.sequence) {
            sequence.add(stage.apply(contexts));
        }
        this.sinks = new ArrayList<>();
        for (Function<List<SourceContext>, List<Stage>> group : b.sinks) {
            sinks.addAll(group.apply(contexts));
        }
    }

    static Builder builder() {
        return new Builder();
    }

    PipelineStats stats() {
        return stats;
    }

    /** Each source's statistics, by name, in the order the sources were given. */
    Map<String, PipelineStats> sourceStats() {
        Map<String, PipelineStats> bySource = new LinkedHashMap<>();
        lanes.forEach(lane -> bySource.put(lane.name, lane.stats));
        return bySource;
    }

    /** Ends capture on every source; frames already in the ring still go through every stage. Safe from any thread. */
    void requestStop() {
        stopRequested = true;
        lanes.forEach(SourceLane::requestStop);
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Runs until every source has ended or a stop is requested, then drains and closes every stage.
     *
     * @throws PipelineFailedException when a stage kept failing on a source or an output could not
     *     be finished; what did pass through is in the outputs, and the exception carries the statistics
     */
    PipelineStats run() {
        StageThreads threads = new StageThreads();
        StageWaitStrategy waiting = new StageWaitStrategy();
        // A restarted source publishes from a new thread: the single-producer ring allows only one thread ever.
        ProducerType producers = lanes.size() == 1 && restarts == null ? ProducerType.SINGLE : ProducerType.MULTI;
        Disruptor<FrameEvent> disruptor = new Disruptor<>(FrameEvent::new, ringSize, threads, producers, waiting);
        wire(disruptor, waiting);
        RingBuffer<FrameEvent> ring = disruptor.start();
        stats.started();
        lanes.forEach(lane -> lane.stats.started());
        List<Thread> captures = new ArrayList<>();
        try {
            for (SourceLane lane : lanes) {
                Thread capture = new Thread(() -> captureQuietly(lane, ring), "vigia-capture-" + lane.name);
                capture.setDaemon(true);
                captures.add(capture);
                capture.start();
            }
            for (Thread capture : captures) {
                joinUninterruptibly(capture);
            }
        } finally {
            try {
                disruptor.shutdown(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warn("Stages did not drain within {} s; stopping them", DRAIN_TIMEOUT.toSeconds());
                disruptor.halt();
            }
            threads.joinAll(DRAIN_TIMEOUT);
            long badFrames = 0;
            long reconnects = 0;
            long stalls = 0;
            long published = 0;
            for (SourceLane lane : lanes) {
                lane.stats.setFramesOut(lane.published());
                lane.stats.finished();
                badFrames += lane.stats.badFrames();
                reconnects += lane.stats.reconnects();
                stalls += lane.stats.stalls();
                published += lane.published();
                lane.close();
            }
            stats.setSourceCounters(badFrames, reconnects, stalls);
            stats.setFramesOut(published);
            stats.finished();
        }
        Optional<String> failure = failure();
        if (failure.isPresent()) {
            throw new PipelineFailedException(failure.get(), stats);
        }
        return stats;
    }

    /** The first source's failure (named when there are several sources), else an output that could not be finished. */
    private Optional<String> failure() {
        for (SourceLane lane : lanes) {
            Optional<String> failed = lane.stats.failure();
            if (failed.isPresent()) {
                return Optional.of(lanes.size() == 1 ? failed.get() : "source '" + lane.name + "': " + failed.get());
            }
        }
        return stats.failure();
    }

    /**
     * Runs one source's capture; with {@link SourceRestarts} a source that a failing stage or its
     * own reader stopped is started again after a growing wait, until the run is stopped.
     */
    private void captureQuietly(SourceLane lane, RingBuffer<FrameEvent> ring) {
        Duration wait = restarts == null ? null : restarts.first();
        while (true) {
            long began = System.nanoTime();
            try {
                lane.capture(ring, realtime, maxFrames, duration);
            } catch (RuntimeException | LinkageError e) {
                // One source failing never stops the others: its failure is recorded as its own.
                lane.stats.captureFailed(e);
                LOG.warn("Capture of {} failed: {}", lane.name, e.toString());
            }
            Optional<String> failed = lane.stats.failure();
            if (restarts == null || stopRequested || lane.stopRequested() || failed.isEmpty()) {
                return;
            }
            if (System.nanoTime() - began > restarts.longest().toNanos()) {
                wait = restarts.first();
            }
            lane.stats.wentDown();
            LOG.warn("Source {} stopped ({}); starting it again in {} s", lane.name, lane.stats.lastFailure(), wait.toMillis() / 1000.0);
            if (!lane.awaitRestart(wait)) {
                return;
            }
            lane.stats.restarted();
            wait = restarts.after(wait);
        }
    }

    /** Waits for {@code thread} to end even when interrupted, and keeps the interrupt for the caller. */
    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The whole pipeline's wiring: the preparer of frames for the model (when the detector lets
     * another thread prepare them), detection workers (or the first stages) side by side, then
     * each stage in order, then the sinks side by side. The last stage in order finishes a frame
     * (its end-to-end latency is recorded there).
     */
    private void wire(Disruptor<FrameEvent> disruptor, StageWaitStrategy waiting) {
        PipelineStats[] sourceStats = lanes.stream().map(lane -> lane.stats).toArray(PipelineStats[]::new);
        boolean detectFinishes = sequence.isEmpty();
        Optional<FramePreparer> preparer = detectors.isEmpty() ? Optional.empty() : detectors.get(0).newPreparer();
        boolean anyRegions = lanes.stream().anyMatch(lane -> lane.regions() != null);
        java.util.function.IntPredicate regionsOf = anyRegions ? source -> lanes.get(source).regions() != null : null;
        List<EventHandler<FrameEvent>> first = new ArrayList<>();
        for (int worker = 0; worker < detectors.size(); worker++) {
            FrameAccounting accounting = new FrameAccounting("detect", stats, sourceStats, failurePolicy, this::stopSource, detectFinishes);
            first.add(new DetectHandler(detectors.get(worker), worker, batch, accounting, waiting, source -> lanes.get(source).detectDone(),
                    cpus, preparer.isPresent(), regionsOf == null ? null
                            : new DetectHandler.Regions(regionsOf, regionSuppression == null ? null : regionSuppression.get())));
        }
        for (Stage stage : firstStages) {
            first.add(handler(stage, sourceStats, waiting, detectFinishes));
        }
        EventHandlerGroup<FrameEvent> last = preparer.isPresent()
                ? disruptor.handleEventsWith(new PrepareHandler(preparer.get(), cpus, waiting, regionsOf)).then(array(first))
                : disruptor.handleEventsWith(array(first));
        for (int i = 0; i < sequence.size(); i++) {
            last = last.then(array(List.of(handler(sequence.get(i), sourceStats, waiting, i == sequence.size() - 1))));
        }
        if (!sinks.isEmpty()) {
            last.then(array(sinks.stream().map(sink -> handler(sink, sourceStats, waiting, false)).toList()));
        }
    }

    private StageHandler handler(Stage stage, PipelineStats[] sourceStats, StageWaitStrategy waiting, boolean finishesFrames) {
        return new StageHandler(stage, new FrameAccounting(stage.name(), stats, sourceStats, failurePolicy, this::stopSource, finishesFrames),
                waiting);
    }

    /** A failing stage gave up on a source: it is stopped for good, or paused to be started again. */
    private void stopSource(int source) {
        if (restarts == null) {
            lanes.get(source).requestStop();
        } else {
            lanes.get(source).pauseForRestart();
        }
    }

    @SuppressWarnings("unchecked")
    private static EventHandler<FrameEvent>[] array(List<? extends EventHandler<FrameEvent>> handlers) {
        return handlers.toArray(EventHandler[]::new);
    }

    /**
     * Names stage threads so thread dumps and leak checks can tell them apart, and keeps them so
     * {@code run} can wait for every stage's {@code onStop}: the Disruptor's shutdown returns
     * once events are processed, before the stages have closed their files.
     */
    private static final class StageThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();
        private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "vigia-stage-" + count.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        }

        void joinAll(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Thread thread : threads) {
                try {
                    thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Assembles a pipeline; {@link #build()} checks that the required parts are there. */
    static final class Builder {
        private record SourceSpec(String name, Source source, CaptureMode mode, java.util.function.DoubleToIntFunction detectEvery,
                double fpsCap, dev.vigia.pipeline.motion.MotionGate motion) {}

        private final List<SourceSpec> sources = new ArrayList<>();
        private boolean realtime;
        private long maxFrames;
        private Duration duration;
        private int ringSize = 16;
        private final List<Detector> detectors = new ArrayList<>();
        private int batch = 1;
        private CpuPlan cpus = CpuPlan.NONE;
        private final List<Stage> firstStages = new ArrayList<>();
        private final List<Function<List<SourceContext>, Stage>> sequence = new ArrayList<>();
        private final List<Function<List<SourceContext>, List<Stage>>> sinks = new ArrayList<>();
        private PipelineStats stats = new PipelineStats("all");
        private FailurePolicy failurePolicy = FailurePolicy.defaults();
        private SourceRestarts restarts;
        private final java.util.Map<String, dev.vigia.pipeline.motion.SourceRegions> regions = new java.util.HashMap<>();
        private java.util.function.Supplier<dev.vigia.models.nms.Suppressor> regionSuppression;

        /** Starts a source stopped by the failure policy again (default: null, it stays stopped). */
        Builder restarts(SourceRestarts policy) {
            this.restarts = policy;
            return this;
        }

        /** When a failing stage stops a source (default {@link FailurePolicy#defaults()}). */
        Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = policy;
            return this;
        }

        /** A source named after what it reads, detected on every frame. */
        Builder source(Source source, CaptureMode mode) {
            return source(source.info().name(), source, mode, 1, 0);
        }

        /** A source: its name (unique), capture mode, every how many frames it is detected, and an fps cap (0: none). */
        Builder source(String name, Source source, CaptureMode mode, int detectEvery, double fpsCap) {
            if (detectEvery < 1) {
                throw new IllegalArgumentException("detect_every must be 1 or more, got " + detectEvery);
            }
            return source(name, source, mode, fps -> detectEvery, fpsCap);
        }

        /** A source whose detection interval follows from its frame rate, which a stream reached late learns only at its first frame. */
        Builder source(String name, Source source, CaptureMode mode, java.util.function.DoubleToIntFunction detectEvery, double fpsCap) {
            return source(name, source, mode, detectEvery, fpsCap, null);
        }

        /** A source whose detection is gated by motion ({@code motion} null: not gated). */
        Builder source(String name, Source source, CaptureMode mode, java.util.function.DoubleToIntFunction detectEvery, double fpsCap,
                dev.vigia.pipeline.motion.MotionGate motion) {
            // A lane captures live or lossless; AUTO is settled here, by what the source is.
            sources.add(new SourceSpec(name, source, mode == CaptureMode.AUTO ? mode.resolve(source.info().live()) : mode, detectEvery, fpsCap, motion));
            return this;
        }

        /**
         * Makes a motion-gated source detect crops around motion and tracked objects. The detectors
         * must then return candidates, which {@code suppression}'s suppressors (one per worker; null:
         * a later stage suppresses) suppress once per frame after the crops are joined.
         */
        Builder regions(String sourceName, dev.vigia.pipeline.motion.SourceRegions planner,
                java.util.function.Supplier<dev.vigia.models.nms.Suppressor> suppression) {
            regions.put(sourceName, planner);
            this.regionSuppression = suppression;
            return this;
        }

        /** Paces files at their own frame rate instead of as fast as possible. */
        Builder realtime(boolean realtime) {
            this.realtime = realtime;
            return this;
        }

        /** Stops each source after this many frames (0: no limit). */
        Builder maxFrames(long maxFrames) {
            this.maxFrames = maxFrames;
            return this;
        }

        Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** Slots in the ring; a power of two. */
        Builder ringSize(int ringSize) {
            this.ringSize = ringSize;
            return this;
        }

        /** Detection workers, each a detector over the shared model, taking up to {@code batch} frames per inference. */
        Builder detectors(List<? extends Detector> workers, int batchSize) {
            detectors.addAll(workers);
            this.batch = batchSize;
            return this;
        }

        /** Where detection threads run ({@link CpuPlan#pinToInference()}); the caller pins the thread that runs the pipeline. Default: unpinned. */
        Builder cpus(CpuPlan plan) {
            this.cpus = plan;
            return this;
        }

        /** Stages that run side by side first, each seeing every frame (a pipeline without a detector). */
        Builder firstStages(List<? extends Stage> stages) {
            firstStages.addAll(stages);
            return this;
        }

        /** The next stage, one instance for every source's frames. */
        Builder then(Stage stage) {
            sequence.add(contexts -> stage);
            return this;
        }

        /** The next stage, with one instance per source (trackers, renderers: state that is each source's own). */
        Builder thenPerSource(String name, Function<SourceContext, Stage> perSource) {
            sequence.add(contexts -> new PerSourceStage(name, contexts.stream().map(perSource).toList()));
            return this;
        }

        /** Sinks that see every source's frames, side by side after every stage. */
        Builder sinks(List<? extends Stage> outputs) {
            List<Stage> copy = List.copyOf(outputs);
            sinks.add(contexts -> copy);
            return this;
        }

        /** Each source's own sinks, side by side after every stage; each sees only its source's frames. */
        Builder sinksPerSource(Function<SourceContext, List<? extends Stage>> perSource) {
            sinks.add(contexts -> {
                List<Stage> all = new ArrayList<>();
                for (SourceContext context : contexts) {
                    for (Stage sink : perSource.apply(context)) {
                        all.add(new SourceBoundStage(sink, context.index()));
                    }
                }
                return all;
            });
            return this;
        }

        Builder stats(PipelineStats pipelineStats) {
            this.stats = pipelineStats;
            return this;
        }

        Pipeline build() {
            if (sources.isEmpty()) {
                throw new IllegalStateException("A pipeline needs a source");
            }
            if (detectors.isEmpty() && firstStages.isEmpty()) {
                throw new IllegalStateException("A pipeline needs at least one detection worker");
            }
            if (Integer.bitCount(ringSize) != 1) {
                throw new IllegalArgumentException("ringSize must be a power of 2, got " + ringSize);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be 1 or more, got " + batch);
            }
            List<SourceLane> lanes = new ArrayList<>();
            AtomicLong tickets = new AtomicLong();
            // Without a detector nothing holds frames back, so live capture has no detection slots to wait for.
            int workers = detectors.isEmpty() ? 0 : detectors.size();
            java.util.Set<String> names = new java.util.HashSet<>();
            for (SourceSpec spec : sources) {
                if (!names.add(spec.name())) {
                    throw new IllegalArgumentException("Two sources are named '" + spec.name() + "'; give each a name of its own");
                }
                lanes.add(new SourceLane(lanes.size(), spec.name(), spec.source(), spec.mode(), spec.detectEvery(), spec.fpsCap(),
                        stats, workers, tickets, spec.motion()));
                lanes.get(lanes.size() - 1).detectRegions(regions.get(spec.name()));
            }
            return new Pipeline(this, lanes);
        }
    }
}
