package dev.vigia.monitor.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.monitor.events.ObjectEvent;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** {@code /api/events?camera=&label=&zone=&type=&after=&before=&limit=} and the live stream {@code /api/events/stream}. */
final class EventRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DashboardContent content;

    EventRoutes(DashboardContent content) {
        this.content = content;
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

    void stream(SseClient client) {
        client.keepAlive();
        Consumer<ObjectNode> push = event -> {
            if (!client.terminated()) {
                client.sendEvent("event", event.toString());
            }
        };
        content.events().listen(push);
        client.onClose(() -> content.events().unlisten(push));
    }

    private static double number(Context ctx, String name, double fallback) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("'" + name + "' must be a number (seconds since the epoch for times), got '" + text + "'");
        }
    }
}
