package dev.vigia.monitor.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.ServiceUnavailableResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** {@code /api/cameras}, each camera's latest frame and its live MJPEG stream. */
final class CameraRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "vigiaframe";

    private final DashboardContent content;
    private volatile boolean stopping;

    CameraRoutes(DashboardContent content) {
        this.content = content;
    }

    void list(Context ctx) {
        ArrayNode cameras = JSON.createArrayNode();
        for (DashboardContent.Camera camera : content.cameras()) {
            ObjectNode node = cameras.addObject();
            node.put("name", camera.name());
            node.put("url", camera.url());
            node.set("health", camera.health().toJson());
            node.set("scene", camera.state().scene());
            node.put("latest", "/api/cameras/" + camera.name() + "/latest.jpg");
            node.put("stream", "/api/cameras/" + camera.name() + "/stream.mjpeg");
        }
        ctx.contentType("application/json").result(cameras.toString());
    }

    void latest(Context ctx) {
        byte[] jpeg = camera(ctx).state().latestJpeg();
        if (jpeg == null) {
            throw new ServiceUnavailableResponse("No frame from this camera yet");
        }
        ctx.header("Cache-Control", "no-store").contentType("image/jpeg").result(jpeg);
    }

    /** multipart/x-mixed-replace: one JPEG part per new frame until the viewer goes away. */
    void stream(Context ctx) throws IOException, InterruptedException {
        DashboardContent.Camera camera = camera(ctx);
        ctx.status(200);
        ctx.res().setContentType("multipart/x-mixed-replace; boundary=" + BOUNDARY);
        ctx.res().setHeader("Cache-Control", "no-store");
        OutputStream out = ctx.res().getOutputStream();
        long seen = -1;
        while (!stopping) {
            byte[] jpeg = camera.state().awaitFrame(seen, 2000);
            long frames = camera.state().frames();
            if (jpeg == null || frames == seen) {
                continue;
            }
            seen = frames;
            out.write(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(jpeg);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    void stop() {
        stopping = true;
    }

    private DashboardContent.Camera camera(Context ctx) {
        DashboardContent.Camera camera = content.camera(ctx.pathParam("name"));
        if (camera == null) {
            throw new NotFoundResponse("No camera named '" + ctx.pathParam("name") + "'");
        }
        return camera;
    }
}
