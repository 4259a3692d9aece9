package dev.vigia.app.common;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM stop capture and let the pipeline drain and finish its files; a second
 * signal ends the process at once.
 */
public final class StopOnSignal {

    private static final Logger LOG = LoggerFactory.getLogger(StopOnSignal.class);

    private StopOnSignal() {}

    /** Returns at Ctrl-C or SIGTERM, or once {@code runFor} has passed (null: only at a signal). */
    public static void await(java.time.Duration runFor) throws InterruptedException {
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        install(stopped::countDown);
        if (runFor != null) {
            stopped.await(runFor.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } else {
            stopped.await();
        }
    }

    public static void install(Runnable stop) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (received.incrementAndGet() == 1) {
                        LOG.warn("Stopping: finishing the frames in flight and closing files (again to force)");
                        stop.run();
                    } else {
                        Runtime.getRuntime().halt(130);
                    }
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("Signal {} cannot be handled here: {}", name, e.getMessage());
            }
        }
    }
}
