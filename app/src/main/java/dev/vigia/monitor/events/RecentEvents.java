package dev.vigia.monitor.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The last events, newest first, for the REST API; and live subscribers (the dashboard's event stream). */
public final class RecentEvents implements EventSubscriber {

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
            listener.accept(json);
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
