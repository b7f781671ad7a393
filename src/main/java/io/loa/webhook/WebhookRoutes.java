package io.loa.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.config.Site;
import io.loa.fault.Forbidden;
import io.loa.fault.NotFound;
import io.loa.http.GetAndHead;
import io.loa.http.JsonBody;
import io.loa.http.JsonResponse;
import io.loa.token.BearerAuth;
import io.loa.token.Editor;
import io.loa.token.TokenStore;
import java.time.Instant;
import java.util.List;

/**
 * Webhook endpoints through the API, for operators: a token that is not limited to sections.
 * <pre>
 * POST   /api/webhooks        {"url": "https://…", "events": ["article.published"], "sections": ["thoi-su"]}
 *                             201 with the endpoint and its secret, shown this once
 * GET    /api/webhooks        every endpoint, without secrets
 * DELETE /api/webhooks/{id}   204
 * </pre>
 */
public final class WebhookRoutes {

    private final Site site;
    private final EndpointStore endpoints;
    private final BearerAuth auth;
    private final JsonBody body;
    private final JsonResponse json;

    public WebhookRoutes(Site site, EndpointStore endpoints, TokenStore tokens, JsonBody body, JsonResponse json) {
        this.site = site;
        this.endpoints = endpoints;
        this.auth = new BearerAuth(tokens);
        this.body = body;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/webhooks", this::create);
        GetAndHead.route(routes, "/api/webhooks", this::list);
        routes.delete("/api/webhooks/{id}", this::delete);
    }

    /** What an endpoint is asked for with. */
    record Input(String url, List<String> events, List<String> sections) {}

    /** An endpoint as the API shows it; {@code secret} only in the answer that made it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(
            String id,
            String url,
            List<String> events,
            List<String> sections,
            String state,
            String created,
            String failingSince,
            String disabled,
            String secret) {

        static View of(Endpoint e, String secret) {
            return new View(
                    e.id(),
                    e.url(),
                    e.events().stream().sorted().map(EventType::type).toList(),
                    e.sections().stream().sorted().toList(),
                    e.disabled() != null ? "disabled" : e.failingSince() != null ? "failing" : "active",
                    time(e.created()),
                    time(e.failingSince()),
                    time(e.disabled()),
                    secret);
        }
    }

    static String time(Instant at) {
        return at == null ? null : at.toString();
    }

    private void create(Context ctx) {
        operator(ctx);
        Input input = body.read(ctx, Input.class);
        EndpointStore.Created created =
                endpoints.create(EndpointRequest.of(input.url(), input.events(), input.sections(), site));
        ctx.header("Location", "/api/webhooks/" + created.endpoint().id());
        json.send(ctx, 201, View.of(created.endpoint(), created.secret()));
    }

    private void list(Context ctx) {
        operator(ctx);
        json.send(ctx, 200, endpoints.list().stream().map(e -> View.of(e, null)).toList());
    }

    private void delete(Context ctx) {
        operator(ctx);
        String id = ctx.pathParam("id");
        if (!endpoints.delete(id)) {
            throw new NotFound("There is no webhook endpoint \"" + id + "\".");
        }
        ctx.status(204);
    }

    private void operator(Context ctx) {
        Editor editor = auth.require(ctx.header("Authorization"));
        if (!editor.sections().isEmpty()) {
            throw new Forbidden("Webhooks are for operators: use a token that is not limited to sections.");
        }
    }
}
