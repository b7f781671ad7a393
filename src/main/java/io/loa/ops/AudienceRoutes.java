package io.loa.ops;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.audience.Audience;
import io.loa.fault.Forbidden;
import io.loa.http.GetAndHead;
import io.loa.http.JsonResponse;
import io.loa.token.BearerAuth;
import io.loa.token.Editor;
import io.loa.token.TokenStore;

/**
 * Who reads the feeds, for operators (a token not limited to sections).
 * <pre>
 * GET /api/audience    subscribers per feed document, section, author and tag, by reader and the hub's;
 *                      and per fetcher: requests, share answered 304, median interval between fetches, 429s
 * </pre>
 */
public final class AudienceRoutes {

    private final Audience audience;
    private final BearerAuth auth;
    private final JsonResponse json;

    public AudienceRoutes(Audience audience, TokenStore tokens, JsonResponse json) {
        this.audience = audience;
        this.auth = new BearerAuth(tokens);
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        GetAndHead.route(routes, "/api/audience", this::view);
    }

    private void view(Context ctx) {
        Editor editor = auth.require(ctx.header("Authorization"));
        if (!editor.sections().isEmpty()) {
            throw new Forbidden("The audience is for operators: use a token that is not limited to sections.");
        }
        json.send(ctx, 200, audience.report());
    }
}
