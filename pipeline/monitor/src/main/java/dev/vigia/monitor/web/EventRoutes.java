package dev.vigia.monitor.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigia.monitor.events.ObjectEvent;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/** {@code /api/events?camera=&label=&zone=&type=&after=&before=&limit=} and the live stream {@code /api/events/stream}. */
final class EventRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Events a viewer may have waiting before it counts as fallen behind; the bus sends far fewer a second. */
    static final int VIEWER_QUEUE = 256;

    private final DashboardContent content;
    private final StreamSlots slots;
    private final long keepAliveMillis;

    EventRoutes(DashboardContent content, StreamSlots slots, long keepAliveMillis) {
        this.content = content;
        this.slots = slots;
        this.keepAliveMillis = keepAliveMillis;
    }

    void query(Context ctx) {
        String camera = ctx.queryParam("camera");
        String label = ctx.queryParam("label");
        String zone = ctx.queryParam("zone");
        String type = ctx.queryParam("type");
        double after = number(ctx, "after", Double.NEGATIVE_INFINITY);
        double before = number(ctx, "before", Double.POSITIVE_INFINITY);
        int limit = (int) Math.max(1, Math.min(1000, number(ctx, "limit", 100)));
        Predicate<ObjectEvent> filter = e -> (camera == null || camera.equals(e.camera()))
                && (label == null || label.equals(e.label()))
                && (type == null || type.equals(e.type()))
                && (zone == null || zone.equals(e.zone()) || e.enteredZones().contains(zone))
                && e.time() >= after && e.time() <= before;
        List<ObjectEvent> found = content.events().matching(filter, limit);
        ArrayNode list = JSON.createArrayNode();
        found.forEach(e -> list.add(e.toJson()));
        ctx.contentType("application/json").result(list.toString());
    }

    /** Server-sent events, one {@code event} per object event, on a stream thread with its own queue ({@link EventViewer}). */
    void stream(Context ctx) {
        StreamSlots.Slot slot = slots.take("events");
        ctx.status(200).contentType("text/event-stream; charset=utf-8").header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no");
        EventViewer viewer = new EventViewer(VIEWER_QUEUE, keepAliveMillis, Connections.closer(ctx));
        content.events().listen(viewer);
        ctx.async(task -> {
            task.executor = slots.pool();
            task.timeout = 0;
        }, () -> {
            try (slot) {
                viewer.deliver(ctx.res().getOutputStream());
            } catch (IOException | IllegalStateException e) {
                // Gone before the first write, or the server stopped and Jetty recycled the response.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                content.events().unlisten(viewer);
            }
        });
    }

    /** A query number; the message names the parameter but never repeats what was sent. */
    private static double number(Context ctx, String name, double fallback) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("'" + name + "' must be a number (seconds since the epoch for times)");
        }
    }
}
