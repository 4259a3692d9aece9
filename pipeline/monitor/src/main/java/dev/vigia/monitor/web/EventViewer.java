package dev.vigia.monitor.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One viewer of the live event stream. The event bus only puts events into this viewer's own
 * bounded queue and never waits; the viewer's thread writes them out. A viewer whose queue fills
 * up (it stopped reading, or reads slower than events come) is disconnected at once, so one slow
 * browser can never hold back the event log, MQTT or Kafka. While no event comes a comment line is
 * sent now and then, so a peer that went away is noticed.
 */
final class EventViewer implements Consumer<ObjectNode> {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    /** Put in the emptied queue when the viewer falls behind, so its thread stops waiting for the next event. */
    private static final ObjectNode WAKE_UP = JsonNodeFactory.instance.objectNode();

    private final BlockingQueue<ObjectNode> queue;
    private final Runnable disconnect;
    private final long keepAliveMillis;
    private volatile boolean behind;

    /**
     * {@code disconnect} closes the viewer's connection; it is called on the bus's thread and on the
     * viewer's, possibly both, and must not block.
     */
    EventViewer(int capacity, long keepAliveMillis, Runnable disconnect) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.keepAliveMillis = keepAliveMillis;
        this.disconnect = disconnect;
    }

    /** Called by the bus for every event. */
    @Override
    public void accept(ObjectNode event) {
        if (!behind && !queue.offer(event)) {
            behind = true;
            queue.clear();
            queue.offer(WAKE_UP);
            disconnect.run();
        }
    }

    /** Writes events as they come until the viewer goes away or falls behind. */
    void deliver(OutputStream out) throws InterruptedException {
        try {
            out.write(KEEP_ALIVE);
            out.flush();
            while (!behind) {
                ObjectNode event = queue.poll(keepAliveMillis, TimeUnit.MILLISECONDS);
                if (event == WAKE_UP) {
                    break;
                }
                // Jackson escapes line breaks inside strings, so the JSON is one SSE data line.
                out.write(event == null ? KEEP_ALIVE : ("event: event\ndata: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | IllegalStateException e) {
            // The viewer went away or was disconnected, or the server stopped and Jetty recycled the response.
        }
        if (behind) {
            // The bus closes the connection as it sets the flag, but this thread may end the answer
            // first, and an ended answer would leave the connection open for the next request.
            disconnect.run();
        }
    }
}
