package dev.vigia.monitor.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Vigía web server does for every request, whatever the route: refuse a {@code Host}
 * that is not its own (DNS rebinding), send headers that keep the browser from sniffing types,
 * running inline or foreign script, framing the page or leaking addresses, and answer every error,
 * its own or Javalin's or Jetty's, as JSON, so that text from a request is never read as HTML.
 */
public final class WebGuards {

    private static final Logger LOG = LoggerFactory.getLogger(WebGuards.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer");

    private WebGuards() {}

    /** Installs the guards; call first in {@code Javalin.create}, so they come before any other before-handler. */
    public static void install(JavalinConfig config, AllowedHosts hosts) {
        // A wrong method is told as such (405), through the same JSON answer as every other error.
        config.http.prefer405over404 = true;
        config.routes.before(ctx -> {
            HEADERS.forEach(ctx::header);
            if (!hosts.allows(ctx.header("Host"))) {
                throw new ForbiddenResponse("This server answers only to its own address; add this name to its allowed hosts (allowed_hosts)");
            }
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, 500, "The server failed to answer");
        });
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    }

    /**
     * An error as {@code {"error": message}}. Messages are written by the server, never copied from
     * the request; JSON with nosniff is not rendered as a page even so.
     */
    static void answer(Context ctx, int status, String message) {
        HEADERS.forEach(ctx::header);
        ctx.status(status).contentType("application/json").result(body(message));
    }

    private static String body(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    /** Errors Jetty answers before any route runs (a malformed request line, a bad header), also as JSON. */
    private static final class JsonErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) throws IOException {
            HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            String reason = HttpStatus.forStatus(code).getMessage();
            response.write(true, ByteBuffer.wrap(body(reason).getBytes(StandardCharsets.UTF_8)), callback);
        }
    }
}
