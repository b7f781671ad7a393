package io.loa.ops;

import io.javalin.config.RoutesConfig;
import io.loa.db.Database;
import io.loa.http.GetAndHead;
import io.loa.http.JsonResponse;
import java.util.Map;

/**
 * For operators and load balancers.
 * <pre>
 * GET /health    200 while the process serves requests (liveness)
 * GET /ready     200 when the database answers and every migration is applied, else 503
 * GET /metrics   Prometheus text format
 * </pre>
 */
public final class OpsRoutes {

    private final Database database;
    private final Metrics metrics;
    private final JsonResponse json;

    public OpsRoutes(Database database, Metrics metrics, JsonResponse json) {
        this.database = database;
        this.metrics = metrics;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        GetAndHead.route(routes, "/health", ctx -> json.send(ctx, 200, Map.of("status", "up")));
        GetAndHead.route(routes, "/ready", ctx -> {
            boolean ready = database.ready();
            json.send(
                    ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "database unavailable or not migrated"));
        });
        GetAndHead.route(
                routes,
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape()));
    }
}
