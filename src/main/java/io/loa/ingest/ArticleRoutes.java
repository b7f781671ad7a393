package io.loa.ingest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.article.ArticleWrites;
import io.loa.article.SectionsRefused;
import io.loa.article.WriteCheck;
import io.loa.config.Site;
import io.loa.fault.Fault;
import io.loa.fault.Forbidden;
import io.loa.fault.Gone;
import io.loa.fault.Invalid;
import io.loa.fault.NotFound;
import io.loa.http.ConditionalGet;
import io.loa.http.GetAndHead;
import io.loa.http.JsonBody;
import io.loa.http.JsonResponse;
import io.loa.token.BearerAuth;
import io.loa.token.Editor;
import io.loa.token.TokenStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The editors' API.
 * <pre>
 * PUT    /api/articles/{id}   create or replace (Authorization: Bearer …, Content-Type: application/json)
 * GET    /api/articles/{id}   the article as stored (a scheduled one only with a token; If-None-Match: 304)
 * GET    /api/scheduled       the articles waiting for their publication date (Authorization: Bearer …)
 * DELETE /api/articles/{id}   remove it from every feed (Authorization: Bearer …)
 * </pre>
 */
public final class ArticleRoutes {

    /** More than a newsroom schedules ahead; the list stays one bounded answer. */
    static final int MAX_SCHEDULED = 1_000;

    private final Site site;
    private final ArticleReads store;
    private final ArticleWrites writes;
    private final ArticleValidator validator;
    private final BearerAuth auth;
    private final JsonBody body;
    private final JsonResponse json;

    public ArticleRoutes(
            Site site, ArticleReads store, ArticleWrites writes, TokenStore tokens, JsonBody body, JsonResponse json) {
        this.site = site;
        this.store = store;
        this.writes = writes;
        this.validator = new ArticleValidator(site);
        this.auth = new BearerAuth(tokens);
        this.body = body;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.put("/api/articles/{id}", this::put);
        GetAndHead.route(routes, "/api/articles/{id}", this::get);
        routes.delete("/api/articles/{id}", this::delete);
        GetAndHead.route(routes, "/api/scheduled", this::scheduled);
    }

    private void put(Context ctx) {
        Editor editor = auth.require(ctx.header("Authorization"));
        String id = ctx.pathParam("id");
        ArticleInput input = body.read(ctx, ArticleInput.class);
        Article validated = validator.validate(id, input);
        boolean minor = Boolean.TRUE.equals(input.minor());
        // Only an updated time sent, or a minor edit, depends on the stored one: other writes are not read first.
        Article draft = validated.updated() != null || minor ? stamped(validated, store.find(id), minor) : validated;
        ArticleWrites.Write write;
        try {
            write = writes.put(draft, check(ctx, editor));
        } catch (SectionsRefused e) {
            throw outOfScope(editor, id, draft.sections(), e.sections());
        }
        if (write.created()) {
            ctx.header("Location", "/api/articles/" + id);
        }
        send(ctx, write.created() ? 201 : 200, write.article());
    }

    /**
     * The updated time an edit is stored with. An {@code updated} equal to the stored one is what {@code GET}
     * returned, sent back with the edit: it counts as not given, so the edit is dated now, as any edit is, unless
     * it is {@code minor} (a typo fixed), which keeps the stored time. Another {@code updated} is the editor's own.
     */
    private static Article stamped(Article draft, Optional<Article> current, boolean minor) {
        Article sent = current.isPresent() && current.get().updated().equals(draft.updated())
                ? draft.withUpdated(null)
                : draft;
        if (!minor) {
            return sent;
        }
        if (sent.updated() != null) {
            throw new Invalid("minor", "keeps the updated time, so it cannot come with another one");
        }
        return current.map(c -> sent.withUpdated(c.updated())).orElse(sent);
    }

    /**
     * {@code If-Match} (the article's current ETag, or {@code *} for "exists") refuses to overwrite a version
     * the editor has not seen, on PUT and DELETE alike; {@code If-None-Match: *} makes a PUT create-only. The
     * token's sections are checked in the same place, on the article as it is once locked.
     */
    private WriteCheck check(Context ctx, Editor editor) {
        String ifMatch = ctx.header("If-Match");
        String ifNoneMatch = ctx.header("If-None-Match");
        return new WriteCheck(editor::mayWrite, current -> {
            if (ifNoneMatch != null && ifNoneMatch.strip().equals("*") && current.isPresent()) {
                return false;
            }
            if (ifMatch == null) {
                return true;
            }
            return current.isPresent() && ConditionalGet.matchesStrongly(ifMatch, etag(current.get())::equals);
        });
    }

    /**
     * A scheduled article is read as it is written: only with a token that may write to all its sections. To anyone
     * else it answers as an id that does not exist, so that nobody learns which ids are embargoed. A token that is
     * not valid is refused whatever the id, before the article is looked up.
     */
    private void get(Context ctx) {
        Optional<Editor> editor = auth.optional(ctx.header("Authorization"));
        String id = ctx.pathParam("id");
        send(
                ctx,
                200,
                store.find(id).filter(article -> visible(article, editor)).orElseThrow(() -> missing(id)));
    }

    private boolean visible(Article article, Optional<Editor> editor) {
        return !writes.isScheduled(article)
                || editor.filter(e -> e.mayWrite(article.sections())).isPresent();
    }

    /** True when the stored article is one the editor may not read. */
    private boolean hiddenFrom(Editor editor, String id) {
        return store.find(id)
                .filter(article -> !visible(article, Optional.of(editor)))
                .isPresent();
    }

    /** What {@code GET /api/scheduled} lists of each article: enough to find it, not its whole text. */
    record ScheduledView(String id, String title, String published, List<String> sections, String api) {}

    private void scheduled(Context ctx) {
        Editor editor = auth.require(ctx.header("Authorization"));
        json.send(
                ctx,
                200,
                store.scheduled(editor.sections(), MAX_SCHEDULED).stream()
                        .map(a -> new ScheduledView(
                                a.id(),
                                a.title(),
                                ArticleView.local(a.published(), site),
                                a.sections(),
                                "/api/articles/" + a.id()))
                        .toList());
    }

    /** The article with its ETag; a CMS whose copy is still current gets 304. */
    private void send(Context ctx, int status, Article article) {
        json.sendVersioned(ctx, status, view(article));
    }

    private ArticleView view(Article article) {
        return ArticleView.of(article, writes.isScheduled(article), site);
    }

    /** A strong validator of the article as the API shows it. */
    private String etag(Article article) {
        return json.etag(view(article));
    }

    private void delete(Context ctx) {
        Editor editor = auth.require(ctx.header("Authorization"));
        String id = ctx.pathParam("id");
        try {
            if (writes.delete(id, check(ctx, editor)).isEmpty()) {
                throw missing(id);
            }
        } catch (SectionsRefused e) {
            // An article the token may not even read is, to it, not there.
            if (hiddenFrom(editor, id)) {
                throw missing(id);
            }
            throw outOfScope(editor, id, List.of(), e.sections());
        }
        ctx.status(204);
    }

    private Fault missing(String id) {
        if (ArticleValidator.ID.matcher(id).matches() && store.wasDeleted(id)) {
            return new Gone("Article \"" + id + "\" was deleted.");
        }
        return new NotFound("There is no article \"" + id + "\".");
    }

    /**
     * A write refused for its sections: the sections the token may not write to, of those it named and those the
     * stored article is in, unless that article is one it may not read (then its sections stay unsaid).
     */
    private Forbidden outOfScope(Editor editor, String id, List<String> named, Set<String> refused) {
        Set<String> outside = new TreeSet<>(hiddenFrom(editor, id) ? named : refused);
        outside.removeAll(editor.sections());
        return new Forbidden("Token \"" + editor.name() + "\" may not write to "
                + (outside.isEmpty() ? "article \"" + id + "\"" : "section(s) " + String.join(", ", outside)) + ".");
    }
}
