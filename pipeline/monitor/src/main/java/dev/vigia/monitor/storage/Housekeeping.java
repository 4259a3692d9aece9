package dev.vigia.monitor.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long run from filling the disk: on a timer of its own (first at start), each
 * {@link Sweep} removes its old files ({@link FileRetention}), and the write failures since the
 * last round are logged in one line ({@link WriteFailures#report()}).
 */
public final class Housekeeping implements AutoCloseable {

    /** How often retention runs and failures are reported. */
    public static final Duration EVERY = Duration.ofMinutes(1);

    /** Files that share one age and one size limit. */
    public record Sweep(List<FileRetention.Holding> holdings, Duration retain, long maxBytes) {}

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final List<Sweep> sweeps;
    private final WriteFailures failures;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigia-housekeeping");
        t.setDaemon(true);
        return t;
    });

    private Housekeeping(List<Sweep> sweeps, WriteFailures failures) {
        this.sweeps = List.copyOf(sweeps);
        this.failures = failures;
    }

    /** Runs {@link #runOnce()} now and then every {@code every}. */
    public static Housekeeping start(List<Sweep> sweeps, WriteFailures failures, Duration every) {
        Housekeeping housekeeping = new Housekeeping(sweeps, failures);
        housekeeping.timer.scheduleWithFixedDelay(housekeeping::runOnce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return housekeeping;
    }

    /** One round: every sweep, then the failure report. A round that fails is logged; the next one runs as usual. */
    public void runOnce() {
        try {
            for (Sweep sweep : sweeps) {
                int removed = FileRetention.sweep(sweep.holdings(), sweep.retain(), sweep.maxBytes());
                if (removed > 0) {
                    LOG.info("Removed {} old file(s) to keep within {} and {} bytes", removed, sweep.retain(), sweep.maxBytes());
                }
            }
            failures.report();
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping failed: {}", e.toString());
        }
    }

    /** Stops the timer; failures since the last round are still reported. */
    @Override
    public void close() {
        timer.shutdownNow();
        failures.report();
    }
}
