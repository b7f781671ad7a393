package io.loa.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.audience.Audience;
import io.loa.fault.Forbidden;
import io.loa.http.GetAndHead;
import io.loa.http.JsonResponse;
import io.loa.token.BearerAuth;
import io.loa.token.Editor;
import io.loa.token.TokenStore;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who reads the feeds, for operators (a token not limited to sections).
 * <pre>
 * GET /api/audience    subscribers per feed document, section, author and tag, by reader and the hub's;
 *                      per fetcher: requests, share answered 304, median interval between fetches, 429s;
 *                      and the fediverse followers of each account that has any
 * </pre>
 */
public final class AudienceRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Audience audience;
    private final Supplier<Map<String, Long>> followers;
    private final BearerAuth auth;
    private final JsonResponse json;

    /** @param followers the fediverse followers of each of the site's accounts that has any, by its key */
    public AudienceRoutes(
            Audience audience, Supplier<Map<String, Long>> followers, TokenStore tokens, JsonResponse json) {
        this.audience = audience;
        this.followers = followers;
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
        ObjectNode report = JSON.valueToTree(audience.report());
        report.putObject("fediverse").set("followers", JSON.valueToTree(followers.get()));
        json.send(ctx, 200, report);
    }
}
