package dev.vigia.app;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what a test expects of a running process, failing with what it waited for. */
public final class Await {

    private Await() {}

    public static void until(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(500);
        }
    }
}
