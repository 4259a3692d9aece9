package dev.vigia.monitor.web;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/** Reaching below the servlet API for what it cannot do: drop a viewer's connection from another thread. */
final class Connections {

    private Connections() {}

    /**
     * What closes the request's connection, taken now, on the request's thread: once the answer
     * has ended Jetty recycles the request and it no longer leads to its connection. Running it
     * closes the connection at once, from any thread, at any time: a thread blocked writing to it
     * fails at once instead of waiting for Jetty's idle timeout, and an answer that has already
     * ended does not leave the connection open for another request. It never blocks.
     */
    static Runnable closer(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            return () -> {};
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        return endPoint::close;
    }
}
