package dev.vigia.monitor.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The monitor's web server: the dashboard page, its REST API, the live MJPEG views, Prometheus
 * metrics and the event files. Bound to loopback it is open; bound anywhere else it needs a token
 * and refuses to start without one. Every request passes {@link WebGuards} (Host check, security
 * headers, errors as JSON) and then {@link TokenGuard}; live views are capped and run on threads of
 * their own ({@link StreamSlots}). Routes live in small classes; the table is here.
 */
public final class DashboardServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Live views (MJPEG or the event stream) one camera may have open, and all together; app/docs/monitoring.md states both. */
    static final int STREAMS_PER_CAMERA = 10;
    static final int STREAMS_IN_ALL = 50;
    static final long KEEP_ALIVE_MILLIS = 3000;

    private final Javalin app;
    private final CameraRoutes cameras;
    private final StreamSlots slots;

    private DashboardServer(Javalin app, CameraRoutes cameras, StreamSlots slots) {
        this.app = app;
        this.cameras = cameras;
        this.slots = slots;
    }

    /** As {@link #start(String, int, String, List, DashboardContent)} with no names beyond the host's own. */
    public static DashboardServer start(String host, int port, String token, DashboardContent content) {
        return start(host, port, token, List.of(), content);
    }

    /**
     * Starts serving on {@code host:port} (0: any free port), answering requests whose {@code Host}
     * is loopback, {@code host} or one of {@code allowedHosts} (see {@link AllowedHosts}).
     *
     * @throws InvalidSettingException for a non-loopback host without a token, or a port in use
     */
    public static DashboardServer start(String host, int port, String token, List<String> allowedHosts, DashboardContent content) {
        requireSafe(host, token);
        TokenGuard guard = new TokenGuard(token == null || token.isBlank() ? null : token);
        StreamSlots slots = new StreamSlots(STREAMS_PER_CAMERA, STREAMS_IN_ALL);
        CameraRoutes cameraRoutes = new CameraRoutes(content, slots, KEEP_ALIVE_MILLIS);
        EventRoutes eventRoutes = new EventRoutes(content, slots, KEEP_ALIVE_MILLIS);
        SafeFiles snapshots = SafeFiles.snapshots(content.snapshotDir());
        SafeFiles clips = content.clipDir() == null ? null : SafeFiles.clips(content.clipDir());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jetty.host = host;
            config.jetty.port = port;
            WebGuards.install(config, new AllowedHosts(host, allowedHosts));
            config.routes.before(guard::check);
            config.routes.get("/", ctx -> resource(ctx, "dashboard.html", "text/html; charset=utf-8"));
            config.routes.get("/dashboard.js", ctx -> resource(ctx, "dashboard.js", "text/javascript; charset=utf-8"));
            config.routes.get("/dashboard.css", ctx -> resource(ctx, "dashboard.css", "text/css; charset=utf-8"));
            config.routes.get("/api/health", ctx -> health(ctx, content));
            config.routes.get("/api/cameras", cameraRoutes::list);
            config.routes.get("/api/cameras/{name}/latest.jpg", cameraRoutes::latest);
            config.routes.get("/api/cameras/{name}/stream.mjpeg", cameraRoutes::stream);
            config.routes.get("/api/events", eventRoutes::query);
            config.routes.get("/api/events/stream", eventRoutes::stream);
            config.routes.get("/api/stats", ctx -> ctx.contentType("application/json").result(content.stats().get().toString()));
            config.routes.get("/api/config", ctx -> ctx.contentType("application/json").result(content.config().toString()));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(content.metrics().get()));
            config.routes.get("/files/snapshots/<path>", ctx -> serve(ctx, snapshots, "image/jpeg"));
            config.routes.get("/files/clips/<path>", ctx -> serve(ctx, clips, "video/mp4"));
        });
        try {
            app.start();
        } catch (JavalinBindException e) {
            slots.close();
            throw new InvalidSettingException(Setting.PORT, String.valueOf(port),
                    "Port " + port + " on " + host + " is in use by another program");
        }
        return new DashboardServer(app, cameraRoutes, slots);
    }

    /** Refuses a host other than loopback without a token, before anything is started. */
    public static void requireSafe(String host, String token) {
        if (!isLoopback(host) && (token == null || token.isBlank())) {
            throw new InvalidSettingException(Setting.TOKEN, host,
                    "Serving the dashboard on " + host + " opens it beyond this machine, so it needs a token");
        }
    }

    public int port() {
        return app.port();
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Live views open now. */
    int openStreams() {
        return slots.open();
    }

    /** A file of the page, from the jar; script and style are files of their own so the CSP can forbid inline ones. */
    static void resource(Context ctx, String name, String type) throws IOException {
        try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
            ctx.contentType(type).header("Cache-Control", "no-cache").result(in.readAllBytes());
        }
    }

    /** 200 while at least one camera delivers frames (or none has had time to), 503 when every camera is offline. */
    private static void health(Context ctx, DashboardContent content) {
        int online = 0;
        for (DashboardContent.Camera camera : content.cameras()) {
            online += camera.health().connected() ? 1 : 0;
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("status", online == content.cameras().size() ? "ok" : online > 0 ? "degraded" : "down");
        node.put("cameras", content.cameras().size());
        node.put("cameras_online", online);
        ctx.status(online > 0 ? 200 : 503).contentType("application/json").result(node.toString());
    }

    private static void serve(Context ctx, SafeFiles files, String type) throws IOException {
        if (files == null) {
            throw new NotFoundResponse("No such file");
        }
        Path file = files.resolve(ctx.pathParam("path")).orElseThrow(() -> new NotFoundResponse("No such file"));
        ctx.contentType(type).result(Files.readAllBytes(file));
    }

    @Override
    public void close() {
        // Live views end first (their threads are interrupted), so none writes to a response Jetty has recycled.
        cameras.stop();
        slots.close();
        app.stop();
    }
}
