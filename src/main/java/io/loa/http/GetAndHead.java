package io.loa.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/**
 * Registers a resource's GET handler for HEAD too. HEAD is GET without the body (RFC 9110, 9.3.2): the same status
 * and headers. Without a HEAD route of its own, Javalin answers a HEAD of a GET route with an empty 200, even for
 * an article that does not exist. Jetty sends no body in answer to a HEAD, whatever the handler writes.
 */
public final class GetAndHead {

    private GetAndHead() {}

    public static void route(RoutesConfig routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }
}
