package dev.vigia.monitor.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last events, newest first, for the REST API; and live listeners (the dashboard's event
 * stream), called on the event bus's thread: a listener must hand the event on without waiting.
 */
public final class RecentEvents implements EventSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(RecentEvents.class);

    private final int capacity;
    private final Deque<ObjectEvent> events = new ArrayDeque<>();
    private final List<Consumer<ObjectNode>> listeners = new CopyOnWriteArrayList<>();

    public RecentEvents(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void onEvent(ObjectEvent event) {
        synchronized (events) {
            events.addFirst(event);
            while (events.size() > capacity) {
                events.removeLast();
            }
        }
        ObjectNode json = event.toJson();
        for (Consumer<ObjectNode> listener : listeners) {
            try {
                listener.accept(json);
            } catch (RuntimeException e) {
                // One viewer's failure is its own; the other viewers still get the event.
                LOG.warn("A live event listener failed: {}", e.toString());
            }
        }
    }

    /** Events that pass {@code filter}, newest first, at most {@code limit}. */
    public List<ObjectEvent> matching(Predicate<ObjectEvent> filter, int limit) {
        List<ObjectEvent> found = new ArrayList<>();
        synchronized (events) {
            for (ObjectEvent event : events) {
                if (found.size() >= limit) {
                    break;
                }
                if (filter.test(event)) {
                    found.add(event);
                }
            }
        }
        return found;
    }

    public void listen(Consumer<ObjectNode> listener) {
        listeners.add(listener);
    }

    public void unlisten(Consumer<ObjectNode> listener) {
        listeners.remove(listener);
    }
}
