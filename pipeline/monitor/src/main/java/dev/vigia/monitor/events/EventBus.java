package dev.vigia.monitor.events;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events from the pipeline's stages to the subscribers (log file, MQTT, dashboard) on one
 * thread of its own, so a slow broker never holds a camera back. The queue is bounded: when it is
 * full an event is dropped and counted rather than blocking the stage. A subscriber that throws is
 * logged and keeps its place.
 */
public final class EventBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final Object STOP = new Object();

    private record Status(String camera, boolean online, String reason) {}

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4096);
    private final List<EventSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread worker = new Thread(this::deliver, "vigia-events");

    public EventBus() {
        worker.setDaemon(true);
        worker.start();
    }

    public void subscribe(EventSubscriber subscriber) {
        subscribers.add(subscriber);
    }

    public void publish(ObjectEvent event) {
        offer(event);
    }

    public void cameraStatus(String camera, boolean online) {
        cameraStatus(camera, online, null);
    }

    /** A camera's connection changed; {@code reason} says why it is offline when that is known, else null. */
    public void cameraStatus(String camera, boolean online, String reason) {
        offer(new Status(camera, online, reason));
    }

    private void offer(Object item) {
        if (queue.offer(item)) {
            published.incrementAndGet();
        } else {
            dropped.incrementAndGet();
        }
    }

    public long published() {
        return published.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void deliver() {
        while (true) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (item == STOP) {
                return;
            }
            for (EventSubscriber subscriber : subscribers) {
                try {
                    if (item instanceof ObjectEvent event) {
                        subscriber.onEvent(event);
                    } else if (item instanceof Status status) {
                        subscriber.onCameraStatus(status.camera(), status.online(), status.reason());
                    }
                } catch (Exception e) {
                    LOG.warn("{} could not take an event: {}", subscriber.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
    }

    /** Delivers what is queued, then closes the subscribers. */
    @Override
    public void close() {
        try {
            queue.offer(STOP, 5, TimeUnit.SECONDS);
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (EventSubscriber subscriber : subscribers) {
            try {
                subscriber.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", subscriber.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
