package dev.vigia.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;
import dev.vigia.pipeline.source.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture, then stages on an LMAX Disruptor ring of preallocated {@link FrameEvent} slots.
 *
 * <pre>
 *   source ─▶ capture ─▶ [ring] ─▶ detect×N ─▶ nms ─▶ track ─▶ … ─▶ render ─▶ sink, sink, …
 *                                  (workers      (one at a time,      (in parallel,
 *                                   split frames) in frame order)      each sees every frame)
 * </pre>
 *
 * <p>Build with {@link #builder()}; the wiring is frozen when {@link #run()} starts. {@code run}
 * reads the source on the calling thread until the source ends, {@code maxFrames} or the
 * duration is reached, or {@link #requestStop()} is called; then it lets the ring drain, calls
 * every stage's {@code onStop} (sinks finish their files) and returns the statistics.
 */
public final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    private static final long FULL_RING_PARK_NANOS = 500_000;

    private final Source source;
    private final CaptureMode mode;
    private final boolean realtime;
    private final long maxFrames;
    private final Duration duration;
    private final int ringSize;
    private final List<Stage> detectWorkers;
    private final List<Stage> sequence;
    private final List<Stage> sinks;
    private final PipelineStats stats;
    private final FailurePolicy failurePolicy;
    private volatile boolean stopRequested;

    private Pipeline(Builder b) {
        this.source = b.source;
        this.mode = b.mode;
        this.realtime = b.realtime;
        this.maxFrames = b.maxFrames;
        this.duration = b.duration;
        this.ringSize = b.ringSize;
        this.detectWorkers = List.copyOf(b.detectWorkers);
        this.sequence = List.copyOf(b.sequence);
        this.sinks = List.copyOf(b.sinks);
        this.stats = b.stats;
        this.failurePolicy = b.failurePolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    public PipelineStats stats() {
        return stats;
    }

    /**
     * Ends capture; frames already in the ring still go through every stage. Safe from any thread.
     * A live source is closed too, so a capture waiting for a lost camera to come back stops now.
     */
    public void requestStop() {
        stopRequested = true;
        if (mode == CaptureMode.LIVE) {
            source.close();
        }
    }

    /**
     * Runs until the source ends or a stop is requested, then drains and closes every stage.
     *
     * @throws PipelineFailedException when a stage kept failing or an output could not be finished;
     *     what did pass through is in the outputs, and the exception carries the statistics
     */
    public PipelineStats run() {
        StageThreads threads = new StageThreads();
        StageWaitStrategy waiting = new StageWaitStrategy();
        Disruptor<FrameEvent> disruptor = new Disruptor<>(FrameEvent::new, ringSize, threads, ProducerType.SINGLE, waiting);
        wire(disruptor, waiting);
        RingBuffer<FrameEvent> ring = disruptor.start();
        stats.started();
        long published = 0;
        try (Mat staging = new Mat()) {
            published = capture(ring, staging);
        } finally {
            stats.setSourceCounters(source.badFrames(), source.reconnects(), source.stalls());
            try {
                disruptor.shutdown(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warn("Stages did not drain within {} s; stopping them", DRAIN_TIMEOUT.toSeconds());
                disruptor.halt();
            }
            threads.joinAll(DRAIN_TIMEOUT);
            stats.setFramesOut(published);
            stats.finished();
            source.close();
        }
        var failure = stats.failure();
        if (failure.isPresent()) {
            throw new PipelineFailedException(failure.get(), stats);
        }
        return stats;
    }

    /** The whole pipeline's wiring: detect workers side by side, then each stage in order, then the sinks side by side. */
    private void wire(Disruptor<FrameEvent> disruptor, StageWaitStrategy waiting) {
        EventHandlerGroup<FrameEvent> last = disruptor.handleEventsWith(handlers(detectWorkers, waiting));
        for (Stage stage : sequence) {
            last = last.then(handlers(List.of(stage), waiting));
        }
        if (!sinks.isEmpty()) {
            last.then(handlers(sinks, waiting));
        }
    }

    @SuppressWarnings("unchecked")
    private EventHandler<FrameEvent>[] handlers(List<Stage> stages, StageWaitStrategy waiting) {
        return stages.stream().map(stage -> new StageHandler(stage, stats, waiting, failurePolicy, this::requestStop)).toArray(EventHandler[]::new);
    }

    /** Reads and publishes frames until told to stop; returns how many were published. */
    private long capture(RingBuffer<FrameEvent> ring, Mat staging) {
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long pacingStartNanos = -1;
        long firstTimestamp = 0;
        int maxInFlight = detectWorkers.size() + 1;
        long published = 0;
        while (!stopRequested && (maxFrames <= 0 || published < maxFrames) && System.nanoTime() < deadline) {
            Source.Status status = source.read(staging);
            if (status == Source.Status.END_OF_STREAM) {
                break;
            }
            if (status != Source.Status.FRAME) {
                continue;
            }
            stats.frameIn();
            long timestamp = source.timestampMicros();
            if (realtime) {
                if (pacingStartNanos < 0) {
                    pacingStartNanos = System.nanoTime();
                    firstTimestamp = timestamp;
                }
                sleepUntil(pacingStartNanos + (timestamp - firstTimestamp) * 1000);
            }
            if (mode == CaptureMode.LIVE && ring.getCursor() - ring.getMinimumGatingSequence() >= maxInFlight) {
                stats.frameDropped();
                continue;
            }
            awaitFreeSlot(ring);
            long slot = ring.next();
            try {
                FrameEvent event = ring.get(slot);
                staging.copyTo(event.image);
                event.clearResults();
                event.frameIndex = published;
                event.timestampMicros = timestamp;
                event.captureNanos = System.nanoTime();
                event.sourceId = 0;
            } finally {
                ring.publish(slot);
            }
            published++;
            stats.observeInFlight(ring.getCursor() - ring.getMinimumGatingSequence());
        }
        return published;
    }

    /**
     * Waits for a free slot by parking, not spinning: the Disruptor's own {@code next()} spins
     * while the ring is full, which on two cores takes a core away from inference.
     */
    private void awaitFreeSlot(RingBuffer<FrameEvent> ring) {
        while (!ring.hasAvailableCapacity(1)) {
            LockSupport.parkNanos(FULL_RING_PARK_NANOS);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

    /** Assembles a pipeline: {@code set*}-style required parts are checked in {@link #build()}. */
    public static final class Builder {
        private Source source;
        private CaptureMode mode = CaptureMode.FILE;
        private boolean realtime;
        private long maxFrames;
        private Duration duration;
        private int ringSize = 16;
        private final List<Stage> detectWorkers = new ArrayList<>();
        private final List<Stage> sequence = new ArrayList<>();
        private final List<Stage> sinks = new ArrayList<>();
        private PipelineStats stats = new PipelineStats();
        private FailurePolicy failurePolicy = FailurePolicy.defaults();

        /** When a failing stage ends the run (default {@link FailurePolicy#defaults()}). */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = policy;
            return this;
        }

        public Builder source(Source source, CaptureMode mode) {
            this.source = source;
            this.mode = mode;
            return this;
        }

        /** Paces a file at its own frame rate instead of as fast as possible. */
        public Builder realtime(boolean realtime) {
            this.realtime = realtime;
            return this;
        }

        /** Stops after this many frames entered the pipeline (0: no limit). */
        public Builder maxFrames(long maxFrames) {
            this.maxFrames = maxFrames;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** Slots in the ring; a power of two. */
        public Builder ringSize(int ringSize) {
            this.ringSize = ringSize;
            return this;
        }

        /** The detection workers; they share frames by number and run side by side. */
        public Builder detectWorkers(List<? extends Stage> workers) {
            detectWorkers.addAll(workers);
            return this;
        }

        /** The next stage, after every stage added before it. */
        public Builder then(Stage stage) {
            sequence.add(stage);
            return this;
        }

        /** Sinks, side by side, after every stage. */
        public Builder sinks(List<? extends Stage> outputs) {
            sinks.addAll(outputs);
            return this;
        }

        public Builder stats(PipelineStats pipelineStats) {
            this.stats = pipelineStats;
            return this;
        }

        public Pipeline build() {
            if (source == null) {
                throw new IllegalStateException("A pipeline needs a source");
            }
            if (detectWorkers.isEmpty()) {
                throw new IllegalStateException("A pipeline needs at least one detection worker");
            }
            if (Integer.bitCount(ringSize) != 1) {
                throw new IllegalArgumentException("ringSize must be a power of 2, got " + ringSize);
            }
            return new Pipeline(this);
        }
    }
}
