package dev.vigia.cluster.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigia.cluster.CountAggregate;
import dev.vigia.cluster.KafkaConnection;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.monitor.web.AllowedHosts;
import dev.vigia.monitor.web.WebGuards;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The aggregate's web server, on loopback: {@code /} is the cluster's count view (every camera's
 * lines and zones, the latest window and the total of the windows), drawn from
 * {@code /api/counts/committed}, the windows as {@code vigia.counts} holds them (committed
 * records only); {@code /api/counts} queries the Streams application's stores, which also hold
 * the counts of windows not yet committed. Every answer passes the dashboard's {@link WebGuards}
 * (Host check, security headers, errors as JSON).
 */
public final class CountsServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;
    private final CommittedCounts committed;

    private CountsServer(Javalin app, CommittedCounts committed) {
        this.app = app;
        this.committed = committed;
    }

    /** Serves on 127.0.0.1:{@code port} (0: any free port); a port in use is an {@link InvalidSettingException}. */
    public static CountsServer start(int port, CountAggregate aggregate, KafkaConnection kafka) {
        CommittedCounts committed = new CommittedCounts(kafka);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = port;
            WebGuards.install(config, new AllowedHosts("127.0.0.1", List.of()));
            config.routes.get("/", ctx -> resource(ctx, "counts.html", "text/html; charset=utf-8"));
            config.routes.get("/counts.js", ctx -> resource(ctx, "counts.js", "text/javascript; charset=utf-8"));
            config.routes.get("/counts.css", ctx -> resource(ctx, "counts.css", "text/css; charset=utf-8"));
            config.routes.get("/api/counts", ctx -> counts(ctx, aggregate));
            config.routes.get("/api/counts/committed", ctx -> ctx.contentType("application/json").result(committed.windows(
                    ctx.queryParamAsClass("windowing", String.class).getOrDefault("tumbling"), ctx.queryParam("camera")).toString()));
        });
        try {
            app.start();
        } catch (JavalinBindException e) {
            closeQuietly(committed);
            throw new InvalidSettingException(Setting.PORT, String.valueOf(port), "Port " + port + " on 127.0.0.1 is in use by another program");
        }
        return new CountsServer(app, committed);
    }

    private static void closeQuietly(CommittedCounts committed) {
        try {
            committed.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return app.port();
    }

    /** {@code ?windowing=tumbling|hopping&camera=NAME}: the windows held now; 503 until the application runs. */
    private static void counts(Context ctx, CountAggregate aggregate) {
        if (aggregate.state() != KafkaStreams.State.RUNNING) {
            throw new ServiceUnavailableResponse("The aggregate is " + aggregate.state().name().toLowerCase(Locale.ROOT));
        }
        String camera = ctx.queryParam("camera");
        ArrayNode out = JSON.createArrayNode();
        aggregate.query(ctx.queryParamAsClass("windowing", String.class).getOrDefault("tumbling")).forEach(window -> {
            if (camera == null || camera.equals(window.path("camera").asText())) {
                out.add(window);
            }
        });
        ctx.contentType("application/json").result(out.toString());
    }

    /** A file of the page, from the jar; script and style are files of their own so the CSP can forbid inline ones. */
    private static void resource(Context ctx, String name, String type) throws IOException {
        try (InputStream in = CountsServer.class.getResourceAsStream(name)) {
            ctx.contentType(type).header("Cache-Control", "no-cache").result(in.readAllBytes());
        }
    }

    @Override
    public void close() {
        app.stop();
        closeQuietly(committed);
    }
}
