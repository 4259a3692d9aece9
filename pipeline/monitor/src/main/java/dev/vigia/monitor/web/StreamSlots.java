package dev.vigia.monitor.web;

import io.javalin.http.ServiceUnavailableResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long answers (live MJPEG views, the event stream): at most so many per camera and so many in
 * all, beyond that 503. Each runs on a thread of this pool, not one of the server's, so viewers,
 * however many or dead, never leave health checks and metrics without a thread; the caps bound the
 * pool. Java 17 has no virtual threads, hence a pool.
 */
final class StreamSlots implements AutoCloseable {

    private final int perKey;
    private final int total;
    private final Map<String, Integer> open = new HashMap<>();
    private int all;
    private final ExecutorService pool;

    StreamSlots(int perKey, int total) {
        this.perKey = perKey;
        this.total = total;
        AtomicInteger number = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "vigia-stream-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One slot for {@code key} (a camera, or the event stream), released by {@link Slot#close()}; 503 when none is free. */
    synchronized Slot take(String key) {
        int used = open.getOrDefault(key, 0);
        if (used >= perKey || all >= total) {
            throw new ServiceUnavailableResponse("Too many live views open; close one and try again");
        }
        open.put(key, used + 1);
        all++;
        return new Slot(key);
    }

    /** The long answers open now. */
    synchronized int open() {
        return all;
    }

    ExecutorService pool() {
        return pool;
    }

    private synchronized void release(String key) {
        open.merge(key, -1, Integer::sum);
        open.remove(key, 0);
        all--;
    }

    /** Interrupts the live views and waits a moment for them to end. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A slot held; closing it twice releases it once. */
    final class Slot implements AutoCloseable {
        private final String key;
        private boolean released;

        private Slot(String key) {
            this.key = key;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                release(key);
            }
        }
    }
}
