package dev.vigia.models.detect;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.measure.Percentiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A detector whose calls have a deadline, for processes that must not hang on a stuck driver or
 * device. Each call runs on a thread of its own, on private copies of the frames and into private
 * results; a call still running after {@code FACTOR} times the median of the recent calls (and at
 * least {@code floor}) is abandoned with its thread and predictor, a fresh predictor from the
 * factory takes over for the next call, and this call fails with {@link DetectorStuckException}.
 * Because the abandoned call owns its buffers, it can never write into the caller's frames or
 * detections when (if ever) it returns. Costs one copy of each frame (or prepared frame) and a
 * thread hand-off per call.
 */
public final class WatchdogDetector implements Detector {

    private static final Logger LOG = LoggerFactory.getLogger(WatchdogDetector.class);
    /** How far past its usual time a call may run. */
    public static final int FACTOR = 20;
    private static final int RECENT = 64;

    private static final class Worker implements AutoCloseable {
        final Detector detector;
        final ExecutorService thread;
        final List<Mat> frames = new ArrayList<>();
        final List<PreparedFrame> prepared = new ArrayList<>();
        final List<Detections> results = new ArrayList<>();

        Worker(Detector detector, int number) {
            this.detector = detector;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "vigia-inference-" + number);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void close() {
            try {
                thread.submit(detector::close).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Closing a predictor failed: {}", e.toString());
            }
            thread.shutdownNow();
            frames.forEach(Mat::close);
            prepared.forEach(PreparedFrame::close);
        }

        /** Private copies of the caller's frames. */
        List<Mat> copies(List<Mat> bgrFrames) {
            return copiesOf(bgrFrames, frames, Mat::new, (from, to) -> from.copyTo(to));
        }

        /** Private copies of the caller's prepared frames. */
        List<PreparedFrame> preparedCopies(List<PreparedFrame> callers) {
            return copiesOf(callers, prepared, PreparedFrame::new, (from, to) -> to.copyFrom(from));
        }

        /** The first {@code from.size()} items of {@code pool}, made as needed, each made a copy of its item in {@code from}. */
        private static <T> List<T> copiesOf(List<T> from, List<T> pool, Supplier<T> make, BiConsumer<T, T> copy) {
            while (pool.size() < from.size()) {
                pool.add(make.get());
            }
            for (int i = 0; i < from.size(); i++) {
                copy.accept(from.get(i), pool.get(i));
            }
            return pool.subList(0, from.size());
        }

        List<Detections> results(int n) {
            while (results.size() < n) {
                results.add(new Detections());
            }
            return results.subList(0, n);
        }
    }

    private final Supplier<Detector> factory;
    private final long floorNanos;
    private final long[] recent = new long[RECENT];
    private final AtomicLong abandoned = new AtomicLong();
    private int recentCount;
    private int recentNext;
    private int workers;
    private Worker worker;

    /** @param factory makes a predictor (the first one now, a fresh one after each stuck call) */
    public WatchdogDetector(Supplier<Detector> factory, Duration floor) {
        this.factory = factory;
        this.floorNanos = floor.toNanos();
        this.worker = new Worker(factory.get(), ++workers);
    }

    @Override
    public void detect(Mat bgrFrame, Detections into) {
        detectBatch(List.of(bgrFrame), List.of(into));
    }

    @Override
    public void detectBatch(List<Mat> bgrFrames, List<Detections> into) {
        Worker current = worker;
        List<Mat> frames = current.copies(bgrFrames);
        List<Detections> results = current.results(frames.size());
        callWithDeadline(current, () -> current.detector.detectBatch(frames, results), results, into);
    }

    /** The predictor's preparer: it depends on the model only, so it stays valid when a fresh predictor takes over. */
    @Override
    public Optional<FramePreparer> newPreparer() {
        return worker.detector.newPreparer();
    }

    @Override
    public void detectPrepared(List<PreparedFrame> frames, List<Detections> into) {
        Worker current = worker;
        List<PreparedFrame> copies = current.preparedCopies(frames);
        List<Detections> results = current.results(copies.size());
        callWithDeadline(current, () -> current.detector.detectPrepared(copies, results), results, into);
    }

    private void callWithDeadline(Worker current, Runnable detection, List<Detections> results, List<Detections> into) {
        long deadline = deadlineNanos();
        long start = System.nanoTime();
        Future<?> call = current.thread.submit(detection);
        try {
            call.get(deadline, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(current, deadline);
            throw new DetectorStuckException("The detector has not answered for " + seconds(deadline)
                    + " s (its calls take " + Math.round(median() / 1e6) + " ms); a fresh predictor takes over");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the detector", e);
        }
        remember(System.nanoTime() - start);
        for (int i = 0; i < results.size(); i++) {
            into.get(i).copyFrom(results.get(i));
        }
    }

    private void abandon(Worker stuck, long deadline) {
        abandoned.incrementAndGet();
        LOG.warn("The detector has been stuck for {} s on one call; abandoning it and starting a fresh predictor", seconds(deadline));
        stuck.thread.shutdownNow();
        // The stuck call still owns its predictor and buffers: they are left to it, never closed under it.
        worker = new Worker(factory.get(), ++workers);
    }

    private long deadlineNanos() {
        return recentCount == 0 ? Math.max(floorNanos, TimeUnit.SECONDS.toNanos(60)) : Math.max(floorNanos, FACTOR * median());
    }

    private long median() {
        return Percentiles.upperMedian(Arrays.copyOf(recent, recentCount));
    }

    private void remember(long nanos) {
        recent[recentNext] = nanos;
        recentNext = (recentNext + 1) % RECENT;
        recentCount = Math.min(RECENT, recentCount + 1);
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /** Calls abandoned so far. */
    public long abandonedCalls() {
        return abandoned.get();
    }

    @Override
    public int batchLimit() {
        return worker.detector.batchLimit();
    }

    @Override
    public boolean batchesInOneInference(int frames) {
        return worker.detector.batchesInOneInference(frames);
    }

    @Override
    public LabelMap labels() {
        return worker.detector.labels();
    }

    @Override
    public String name() {
        return worker.detector.name();
    }

    @Override
    public void close() {
        worker.close();
    }
}
