package dev.vigia.pipeline.source;

import dev.vigia.config.UserError;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live source that survives its camera: when a read reports a disconnect or times out, the
 * connection is closed and opened again with capped exponential backoff, while the pipeline
 * behind keeps running. A watchdog thread notices a read that has produced nothing for longer
 * than the stall limit, counts the stall and interrupts the read ({@link Source#interrupt()}),
 * so a frozen camera is reopened instead of holding capture forever.
 */
public final class ReconnectingSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingSource.class);
    /** The longest one read waits for a lost camera before it returns DISCONNECTED (and is called again). */
    private static final long RECONNECT_SLICE_NANOS = 1_000_000_000L;

    /** Opens one connection; throws {@link UserError} when it cannot. */
    @FunctionalInterface
    public interface Opener {
        Source open();
    }

    /**
     * @param initialBackoff wait before the first reconnect attempt, doubled after each failure
     * @param maxBackoff cap of the wait
     * @param maxRetries reconnect attempts in a row before giving up; negative = forever
     * @param stallAfter a read with no frame for this long is reported as a stall
     */
    public record Policy(Duration initialBackoff, Duration maxBackoff, int maxRetries, Duration stallAfter) {
        public static Policy defaults() {
            return new Policy(Duration.ofMillis(250), Duration.ofSeconds(2), -1, Duration.ofSeconds(5));
        }
    }

    private final Opener opener;
    private final Policy policy;
    private volatile SourceInfo info;
    private volatile boolean everConnected;
    // The reader's reconnect state, kept across reads while a camera is away.
    private int attempts;
    private Duration backoff;
    private final long startNanos = System.nanoTime();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();
    private final Thread watchdog;
    private volatile Source current;
    private volatile boolean closed;
    private volatile long readStartedNanos;
    private volatile boolean reading;
    private volatile boolean stallReported;
    private long badFramesOfClosedConnections;
    private long timestampMicros;
    private boolean outageReported;

    /** Connects once; a source unreachable at start is a user error. */
    public ReconnectingSource(Opener opener, Policy policy) {
        this.opener = opener;
        this.policy = policy;
        this.backoff = policy.initialBackoff();
        this.current = opener.open();
        SourceInfo first = current.info();
        this.info = new SourceInfo(first.name(), first.width(), first.height(), first.fps(), true, -1);
        this.everConnected = true;
        this.watchdog = new Thread(this::watch, "vigia-watchdog-" + first.name());
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * A source whose first connection failed: reads keep trying to connect (with the policy's
     * backoff) until it answers. Until then {@link #info()} has no frame size and the frame rate
     * {@code fpsHint}; the first connection fills them in.
     */
    public ReconnectingSource(Opener opener, Policy policy, String name, double fpsHint) {
        this.opener = opener;
        this.policy = policy;
        this.backoff = policy.initialBackoff();
        this.info = new SourceInfo(name, 0, 0, fpsHint, true, -1);
        this.watchdog = new Thread(this::watch, "vigia-watchdog-" + name);
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Status read(Mat into) {
        if (closed) {
            return Status.END_OF_STREAM;
        }
        if (current == null) {
            Attempt attempt = reconnect();
            if (attempt == Attempt.GAVE_UP) {
                return Status.END_OF_STREAM;
            }
            if (attempt == Attempt.NOT_YET) {
                return Status.DISCONNECTED;
            }
        }
        Source connection = current;
        if (connection == null) {
            return closed ? Status.END_OF_STREAM : Status.DISCONNECTED;
        }
        readStartedNanos = System.nanoTime();
        reading = true;
        Status status;
        try {
            status = connection.read(into);
        } finally {
            reading = false;
        }
        if (status == Status.FRAME) {
            stallReported = false;
            outageReported = false;
            timestampMicros = (System.nanoTime() - startNanos) / 1000;
            return Status.FRAME;
        }
        if (closed) {
            return Status.END_OF_STREAM;
        }
        if (!outageReported) {
            LOG.warn("Lost '{}' ({}); reconnecting", info.name(), status == Status.TIMEOUT ? "timed out" : "disconnected");
            outageReported = true;
        }
        dropConnection();
        return Status.DISCONNECTED;
    }

    private enum Attempt { CONNECTED, NOT_YET, GAVE_UP }

    /**
     * Tries to open a new connection, waiting between attempts, for about a second at most: the
     * reader gets {@code DISCONNECTED} back meanwhile, so its own stop and time limits are checked
     * while a camera is away. Attempts and backoff carry over to the next call.
     */
    private Attempt reconnect() {
        long started = System.nanoTime();
        while (!closed) {
            if (everConnected && policy.maxRetries() >= 0 && attempts >= policy.maxRetries()) {
                LOG.warn("Gave up on '{}' after {} reconnect attempts", info.name(), attempts);
                return Attempt.GAVE_UP;
            }
            sleep(backoff);
            if (closed) {
                return Attempt.GAVE_UP;
            }
            attempts++;
            try {
                Source opened = opener.open();
                if (closed) {
                    opened.close();
                    return Attempt.GAVE_UP;
                }
                current = opened;
                int took = attempts;
                attempts = 0;
                backoff = policy.initialBackoff();
                if (!everConnected) {
                    SourceInfo first = opened.info();
                    info = new SourceInfo(first.name(), first.width(), first.height(), first.fps(), true, -1);
                    everConnected = true;
                    LOG.info("Connected to '{}' after {} attempt(s)", info.name(), took);
                    return Attempt.CONNECTED;
                }
                reconnects.incrementAndGet();
                LOG.info("Reconnected to '{}' after {} attempt(s)", info.name(), took);
                return Attempt.CONNECTED;
            } catch (UserError e) {
                LOG.debug("Reconnect attempt {} to '{}' failed: {}", attempts, info.name(), e.getMessage());
            }
            backoff = backoff.multipliedBy(2).compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : backoff.multipliedBy(2);
            if (System.nanoTime() - started > RECONNECT_SLICE_NANOS) {
                return Attempt.NOT_YET;
            }
        }
        return Attempt.GAVE_UP;
    }

    private synchronized void dropConnection() {
        Source lost = current;
        current = null;
        if (lost != null) {
            badFramesOfClosedConnections += lost.badFrames();
            lost.close();
        }
    }

    private void watch() {
        long periodMillis = Math.max(100, policy.stallAfter().toMillis() / 5);
        while (!closed) {
            sleep(Duration.ofMillis(periodMillis));
            if (reading && !stallReported && System.nanoTime() - readStartedNanos > policy.stallAfter().toNanos()) {
                stallReported = true;
                stalls.incrementAndGet();
                LOG.warn("'{}' stalled: no frame for {} s; reopening it", info.name(), policy.stallAfter().toSeconds());
                Source connection = current;
                if (connection != null) {
                    connection.interrupt();
                }
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long timestampMicros() {
        return timestampMicros;
    }

    @Override
    public synchronized long badFrames() {
        Source live = current;
        return badFramesOfClosedConnections + (live == null ? 0 : live.badFrames());
    }

    @Override
    public long reconnects() {
        return reconnects.get();
    }

    /** Reads that ran past the stall limit. */
    @Override
    public long stalls() {
        return stalls.get();
    }

    /** Whether a connection is open right now. */
    public boolean connected() {
        return current != null;
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
        dropConnection();
        try {
            watchdog.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
