package dev.vigia.monitor.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.ServiceUnavailableResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code /api/cameras}, each camera's latest frame and its live MJPEG stream. */
final class CameraRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "vigiaframe";
    private static final byte[] PREAMBLE_LINE = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private final DashboardContent content;
    private final StreamSlots slots;
    private final long keepAliveMillis;
    private volatile boolean stopping;

    CameraRoutes(DashboardContent content, StreamSlots slots, long keepAliveMillis) {
        this.content = content;
        this.slots = slots;
        this.keepAliveMillis = keepAliveMillis;
    }

    void list(Context ctx) {
        ArrayNode cameras = JSON.createArrayNode();
        for (DashboardContent.Camera camera : content.cameras()) {
            ObjectNode node = cameras.addObject();
            String path = "/api/cameras/" + URLEncoder.encode(camera.name(), StandardCharsets.UTF_8).replace("+", "%20");
            node.put("name", camera.name());
            node.put("url", camera.url());
            node.set("health", camera.health().toJson());
            node.set("scene", camera.state().scene());
            var share = camera.state().budget();
            if (share != null) {
                ObjectNode budget = node.putObject("budget").put("short_now", share.shortNow()).put("asked", share.asked())
                        .put("refused", share.refused());
                if (Double.isFinite(share.perSecond())) {
                    budget.put("share_per_second", Math.round(share.perSecond() * 100) / 100.0);
                }
            }
            node.put("latest", path + "/latest.jpg");
            node.put("stream", path + "/stream.mjpeg");
        }
        ctx.contentType("application/json").result(cameras.toString());
    }

    /**
     * {@code /api/motion}: each camera's motion boxes of its last frame, {@code [{"name", "width",
     * "height", "boxes": [[x1, y1, x2, y2], ...]}]} in the frame's pixels, for the live view's overlay.
     */
    void motion(Context ctx) {
        ArrayNode cameras = JSON.createArrayNode();
        for (DashboardContent.Camera camera : content.cameras()) {
            ObjectNode node = cameras.addObject().put("name", camera.name());
            node.setAll(camera.state().motionJson());
        }
        ctx.header("Cache-Control", "no-store").contentType("application/json").result(cameras.toString());
    }

    void latest(Context ctx) {
        byte[] jpeg = camera(ctx).state().latestJpeg();
        if (jpeg == null) {
            throw new ServiceUnavailableResponse("No frame from this camera yet");
        }
        ctx.header("Cache-Control", "no-store").contentType("image/jpeg").result(jpeg);
    }

    /**
     * multipart/x-mixed-replace: one JPEG part per new frame until the viewer goes away, on a stream
     * thread ({@link StreamSlots}). With no new frame for a while the last part is sent again (or,
     * before the first, an empty preamble line), so a viewer that went away is noticed by a failed
     * write even when the camera is offline.
     */
    void stream(Context ctx) {
        DashboardContent.Camera camera = camera(ctx);
        StreamSlots.Slot slot = slots.take(camera.name());
        ctx.status(200).contentType("multipart/x-mixed-replace; boundary=" + BOUNDARY).header("Cache-Control", "no-store");
        ctx.async(task -> {
            task.executor = slots.pool();
            task.timeout = 0;
        }, () -> {
            try (slot) {
                send(ctx.res().getOutputStream(), camera);
            } catch (IOException | IllegalStateException e) {
                // The viewer went away, or the server stopped and Jetty recycled the response (IllegalStateException).
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void send(OutputStream out, DashboardContent.Camera camera) throws IOException, InterruptedException {
        out.flush();
        // awaitFrame waits for a count above seen: 0 waits for the first frame (-1 would return at once, a busy loop while offline).
        long seen = 0;
        byte[] last = null;
        while (!stopping) {
            byte[] jpeg = camera.state().awaitFrame(seen, keepAliveMillis);
            long frames = camera.state().frames();
            if (jpeg != null && frames != seen) {
                seen = frames;
                last = part(jpeg);
            }
            // A new frame, or the keep-alive after a quiet wait: either way something is written.
            out.write(last == null ? PREAMBLE_LINE : last);
            out.flush();
        }
    }

    private static byte[] part(byte[] jpeg) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] part = new byte[head.length + jpeg.length + 2];
        System.arraycopy(head, 0, part, 0, head.length);
        System.arraycopy(jpeg, 0, part, head.length, jpeg.length);
        part[part.length - 2] = '\r';
        part[part.length - 1] = '\n';
        return part;
    }

    void stop() {
        stopping = true;
    }

    /** The camera the path names; the message never repeats the name, which is the request's own text. */
    private DashboardContent.Camera camera(Context ctx) {
        DashboardContent.Camera camera = content.camera(ctx.pathParam("name"));
        if (camera == null) {
            throw new NotFoundResponse("No camera by that name");
        }
        return camera;
    }
}
