package io.loa.delivery;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.article.ArticleWrites;
import io.loa.fault.NotFound;
import io.loa.http.GetAndHead;
import io.loa.http.JsonResponse;
import io.loa.stream.StreamEntry;
import io.loa.token.BearerAuth;
import io.loa.token.Editor;
import io.loa.token.TokenStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Receipts: what each channel did with an article's latest change.
 * <pre>
 * GET /api/articles/{id}/deliveries   (Authorization: Bearer …)
 * {"article": "…", "change": {"position": 42, "kind": "updated", "at": "…"},
 *  "channels": {"websub": [{"topic": "…", "pending": 0, "delivered": 3, "failed": 0}],
 *               "webhooks": [{"endpoint": "ep_…", "state": "delivered", "status": 204, "attempts": 1, …}]}}
 * </pre>
 * An article stored before the stream existed has no change yet ({@code "change": null}). A scheduled article is
 * seen only with a token that may write to its sections, as {@code GET /api/articles/{id}} has it.
 */
public final class ReceiptRoutes {

    private final Function<String, Optional<StreamEntry>> latestFor;
    private final List<DeliveryReceipts> channels;
    private final ArticleReads articles;
    private final ArticleWrites writes;
    private final BearerAuth auth;
    private final JsonResponse json;

    /** @param latestFor the article's latest change in the stream ({@code ChangeStream::latestFor}) */
    public ReceiptRoutes(
            Function<String, Optional<StreamEntry>> latestFor,
            List<DeliveryReceipts> channels,
            ArticleReads articles,
            ArticleWrites writes,
            TokenStore tokens,
            JsonResponse json) {
        this.latestFor = latestFor;
        this.channels = List.copyOf(channels);
        this.articles = articles;
        this.writes = writes;
        this.auth = new BearerAuth(tokens);
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        GetAndHead.route(routes, "/api/articles/{id}/deliveries", this::receipts);
    }

    record Change(long position, String kind, String at) {}

    record Receipt(String article, Change change, Map<String, Object> channels) {}

    private void receipts(Context ctx) {
        Editor editor = auth.require(ctx.header("Authorization"));
        String id = ctx.pathParam("id");
        Optional<Article> article = articles.find(id);
        if (article.isPresent()
                && writes.isScheduled(article.get())
                && !editor.mayWrite(article.get().sections())) {
            throw missing(id);
        }
        Optional<StreamEntry> latest = latestFor.apply(id);
        if (latest.isEmpty() && article.isEmpty()) {
            throw missing(id);
        }
        Map<String, Object> byChannel = new LinkedHashMap<>();
        latest.ifPresent(change -> channels.forEach(c -> byChannel.put(c.channel(), c.receipts(change))));
        json.send(
                ctx,
                200,
                new Receipt(
                        id,
                        latest.map(c -> new Change(
                                        c.position(), c.kind().name().toLowerCase(Locale.ROOT), c.at().toString()))
                                .orElse(null),
                        byChannel));
    }

    private static NotFound missing(String id) {
        return new NotFound("There is no article \"" + id + "\".");
    }
}
