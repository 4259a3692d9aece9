package dev.vigia.monitor.web;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/** Reaching below the servlet API for what it cannot do: drop a viewer's connection from another thread. */
final class Connections {

    private Connections() {}

    /**
     * Closes the request's connection now. A thread blocked writing to it fails at once instead of
     * waiting for Jetty's idle timeout; closing never blocks.
     */
    static void drop(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request != null) {
            request.getConnectionMetaData().getConnection().getEndPoint().close();
        }
    }
}
