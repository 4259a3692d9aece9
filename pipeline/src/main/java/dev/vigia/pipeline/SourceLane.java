package dev.vigia.pipeline;

import com.lmax.disruptor.RingBuffer;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.source.Source;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One source of a pipeline and its capture thread: reads frames and publishes them into the
 * shared ring, numbered per source, with its own statistics and stop flag.
 *
 * <p>In file mode every frame is published (capture waits while the ring is full). In live mode
 * the latest frame wins: at most {@code detectSlots} frames of this source wait for or are in
 * detection; a newer frame replaces the one waiting in a one-frame mailbox (the replaced one is
 * counted as dropped), and a publisher thread moves the mailbox's frame into the ring the moment
 * detection is done with one, so the frame detected next is never older than one frame interval.
 */
final class SourceLane {

    private static final long FULL_RING_PARK_NANOS = 500_000;

    final int index;
    final String name;
    final Source source;
    final CaptureMode mode;
    /** Every how many frames to detect, from the source's frame rate; asked again at the first frame (a stream reached late knows its rate only then). */
    private final java.util.function.DoubleToIntFunction detectEveryAt;
    private int detectEvery;
    final double fpsCap;
    final PipelineStats stats;
    private final PipelineStats total;
    private final int detectSlots;
    private final int workers;
    private final AtomicLong detectTickets;
    /** Decides which frames are detected when detection is gated by motion; null: every {@code detectEvery}-th frame. */
    private final dev.vigia.pipeline.motion.MotionGate motion;
    /** Plans the crops of the frames to detect when the source detects regions only; null: frames are detected whole. */
    private dev.vigia.pipeline.motion.SourceRegions regions;
    private volatile boolean stopRequested;
    /** A failing stage paused this source; capture ends and the pipeline starts it again later. */
    private volatile boolean pausedForRestart;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Live capture hands frames over by swapping these three buffers, never copying a frame: capture
    // reads into its own, the mailbox is touched only under the lock, the publisher copies its own into the ring.
    private Mat capturing = new Mat();
    private Mat mailbox = new Mat();
    private Mat publishing = new Mat();
    private long mailboxTimestamp;
    private long mailboxCaptureNanos;
    private boolean mailboxFull;
    private boolean captureEnded;
    private int inDetection;
    /** Frames taken into the ring; written by one thread (capture, or the live publisher). */
    private volatile long published;
    private long maxFrames;
    private long lastFrameNanos;
    private long gaps;

    SourceLane(int index, String name, Source source, CaptureMode mode, java.util.function.DoubleToIntFunction detectEvery, double fpsCap,
            PipelineStats total,
            int workers, AtomicLong detectTickets, dev.vigia.pipeline.motion.MotionGate motion) {
        this.motion = motion;
        this.index = index;
        this.name = name;
        this.source = source;
        this.mode = mode;
        this.detectEveryAt = detectEvery;
        this.detectEvery = detectEvery.applyAsInt(source.info().fps());
        this.fpsCap = fpsCap;
        this.total = total;
        this.workers = workers;
        this.detectSlots = workers == 0 ? Integer.MAX_VALUE : workers;
        this.detectTickets = detectTickets;
        this.stats = new PipelineStats(name);
    }

    /** Makes the source detect crops around motion and tracked objects (needs motion gating), before the pipeline starts. */
    void detectRegions(dev.vigia.pipeline.motion.SourceRegions planner) {
        if (planner != null && motion == null) {
            throw new IllegalArgumentException("Source '" + name + "' detects regions, which needs motion gating");
        }
        this.regions = planner;
    }

    dev.vigia.pipeline.motion.SourceRegions regions() {
        return regions;
    }

    /** Ends this source's capture; a live source is closed so a read waiting for a lost camera returns now. */
    void requestStop() {
        stopRequested = true;
        if (mode == CaptureMode.LIVE) {
            source.close();
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** Ends this capture without closing the source, which {@link #awaitRestart} takes up again. */
    void pauseForRestart() {
        pausedForRestart = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code wait} (less if the run is stopped); true when capture may start again. */
    boolean awaitRestart(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            for (long left = wait.toNanos(); left > 0 && !stopRequested; left = deadline - System.nanoTime()) {
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
        pausedForRestart = false;
        return !stopRequested;
    }

    /** Detection is done with one of this source's frames. */
    void detectDone() {
        if (mode != CaptureMode.LIVE) {
            return;
        }
        lock.lock();
        try {
            inDetection--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads until the source ends, {@code maxFrames} frames were taken into the ring (0: no
     * limit), the deadline is reached, or a stop is requested; returns the frames published.
     */
    long capture(RingBuffer<FrameEvent> ring, boolean realtime, long maxFrames, Duration duration) {
        this.maxFrames = maxFrames;
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long pacingStartNanos = -1;
        long firstTimestamp = 0;
        long lastKeptMicros = Long.MIN_VALUE;
        long minGapMicros = fpsCap > 0 ? Math.round(1e6 / fpsCap) : 0;
        // A restarted capture starts with an empty mailbox and no gap to count since its last frame.
        captureEnded = false;
        mailboxFull = false;
        lastFrameNanos = 0;
        Thread publisher = mode == CaptureMode.LIVE ? startPublisher(ring) : null;
        try {
            long reads = 0;
            while (!stopRequested && !pausedForRestart && !limitReached() && System.nanoTime() < deadline) {
                Source.Status status = source.read(capturing);
                if (status != Source.Status.FRAME || ++reads % 30 == 0) {
                    refreshCounters();
                }
                if (status == Source.Status.END_OF_STREAM) {
                    break;
                }
                if (status != Source.Status.FRAME) {
                    continue;
                }
                noteGap();
                stats.frameIn();
                total.frameIn();
                long timestamp = source.timestampMicros();
                if (minGapMicros > 0 && lastKeptMicros != Long.MIN_VALUE && timestamp - lastKeptMicros < minGapMicros) {
                    dropped();
                    continue;
                }
                lastKeptMicros = timestamp;
                if (realtime) {
                    if (pacingStartNanos < 0) {
                        pacingStartNanos = System.nanoTime();
                        firstTimestamp = timestamp;
                    }
                    sleepUntil(pacingStartNanos + (timestamp - firstTimestamp) * 1000);
                }
                if (publisher != null) {
                    offerToMailbox(timestamp);
                } else {
                    publish(ring, capturing, timestamp, System.nanoTime());
                }
            }
        } finally {
            if (publisher != null) {
                endMailbox(publisher);
            }
            refreshCounters();
        }
        return published;
    }

    /**
     * Keeps this source's statistics live while it runs (a monitor reads them): damaged frames,
     * reconnects, stalls and frames taken. A live source's stalls are its frame gaps well over the
     * frame interval (a watchdog reopen makes one too), or the source's own count if higher.
     */
    private void refreshCounters() {
        stats.setSourceCounters(source.badFrames(), source.reconnects(), Math.max(gaps, source.stalls()));
        stats.setFramesOut(published);
    }

    /** Counts a gap since the previous frame of more than four frame intervals, and at least a second, on a live source. */
    private void noteGap() {
        long now = System.nanoTime();
        if (mode == CaptureMode.LIVE && lastFrameNanos != 0) {
            double fps = source.info().fps();
            long limit = Math.max(1_000_000_000L, fps > 0 ? (long) (4e9 / fps) : 0);
            if (now - lastFrameNanos > limit) {
                gaps++;
            }
        }
        lastFrameNanos = now;
    }

    private boolean limitReached() {
        return maxFrames > 0 && published >= maxFrames;
    }

    private void dropped() {
        stats.frameDropped();
        total.frameDropped();
    }

    /** Live capture: the newest frame replaces the one waiting, which is counted as dropped. */
    private void offerToMailbox(long timestamp) {
        lock.lock();
        try {
            if (mailboxFull) {
                dropped();
            }
            Mat emptied = mailbox;
            mailbox = capturing;
            capturing = emptied;
            mailboxTimestamp = timestamp;
            mailboxCaptureNanos = System.nanoTime();
            mailboxFull = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Thread startPublisher(RingBuffer<FrameEvent> ring) {
        Thread thread = new Thread(() -> publishLatest(ring), "vigia-latest-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The publisher thread: waits for a frame in the mailbox and a free detection slot, then publishes. */
    private void publishLatest(RingBuffer<FrameEvent> ring) {
        try {
            while (true) {
                long timestamp;
                long captured;
                lock.lock();
                try {
                    while (!stopRequested && !(mailboxFull && inDetection < detectSlots) && !(captureEnded && !mailboxFull)) {
                        changed.await(50, TimeUnit.MILLISECONDS);
                    }
                    if (stopRequested || !mailboxFull || limitReached()) {
                        return;
                    }
                    Mat taken = publishing;
                    publishing = mailbox;
                    mailbox = taken;
                    timestamp = mailboxTimestamp;
                    captured = mailboxCaptureNanos;
                    mailboxFull = false;
                    inDetection++;
                } finally {
                    lock.unlock();
                }
                publish(ring, publishing, timestamp, captured);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Capture has ended: the frame still waiting is published, or dropped when the run was stopped
     * or the frame limit reached, then the publisher ends.
     */
    private void endMailbox(Thread publisher) {
        lock.lock();
        try {
            captureEnded = true;
            if ((stopRequested || pausedForRestart || limitReached()) && mailboxFull) {
                mailboxFull = false;
                dropped();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            publisher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(RingBuffer<FrameEvent> ring, Mat frame, long timestamp, long capturedNanos) {
        if (published == 0) {
            detectEvery = Math.max(1, detectEveryAt.applyAsInt(source.info().fps()));
        }
        boolean wanted = published % detectEvery == 0;
        if (motion != null) {
            // Before claiming a slot: the motion check, on a small grey copy, should not hold the ring.
            wanted = motion.offer(frame, timestamp, wanted);
            stats.motionChecked(motion.moved(), wanted);
            total.motionChecked(motion.moved(), wanted);
        }
        awaitFreeSlot(ring);
        long slot = ring.next();
        try {
            FrameEvent event = ring.get(slot);
            frame.copyTo(event.image);
            event.clearResults();
            event.frameIndex = published;
            event.timestampMicros = timestamp;
            event.captureNanos = capturedNanos;
            event.sourceId = index;
            event.sourceName = name;
            event.detectWanted = wanted;
            // Where this frame moved rides on it (empty when not gated): a slot serves every source in turn.
            dev.vigia.pipeline.motion.MotionBoxes shown = event.attribute(dev.vigia.pipeline.motion.MotionGate.BOXES);
            if (motion != null) {
                shown.copyFrom(motion.boxes());
            } else {
                shown.clear();
            }
            if (regions != null) {
                RegionSlot crops = event.attribute(RegionSlot.KEY);
                if (wanted) {
                    regions.plan(frame.cols(), frame.rows(), motion.boxes(), crops.plan);
                    int inferences = crops.plan.wholeFrame() ? 1 : crops.plan.size();
                    stats.regionsPlanned(inferences, crops.plan.wholeFrame());
                    total.regionsPlanned(inferences, crops.plan.wholeFrame());
                } else {
                    crops.plan.clear();
                }
                crops.planned(index, published);
            }
            event.detectWorker = workers == 0 ? -1 : (int) (detectTickets.getAndIncrement() % workers);
        } finally {
            ring.publish(slot);
        }
        published++;
        total.observeInFlight(ring.getCursor() - ring.getMinimumGatingSequence());
    }

    long published() {
        return published;
    }

    /**
     * Waits for a free slot by parking, not spinning: the Disruptor's own {@code next()} spins
     * while the ring is full, which on two cores takes a core away from inference.
     */
    private static void awaitFreeSlot(RingBuffer<FrameEvent> ring) {
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

    void close() {
        source.close();
        if (motion != null) {
            motion.close();
        }
        capturing.close();
        mailbox.close();
        publishing.close();
    }
}
