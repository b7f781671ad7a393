package io.loa.fediverse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.article.PageNumber;
import io.loa.cdn.SurrogateKeys;
import io.loa.config.Site;
import io.loa.fault.NotFound;
import io.loa.http.RenderCache;
import io.loa.http.Representation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.nodes.Entities;

/**
 * The ActivityPub documents of the site's accounts and articles, rendered once per change and kept in the render
 * cache: each account's profile (with its public key), its outbox of {@code Create} activities, newest first, 20 a
 * page, as its feed has them, and each article's object. Each names for shared caches what it mirrors: an outbox its
 * feed's key ({@code feed:thoi-su}), an object its article's ({@code article:ID}), so the purge after a write drops
 * them with the feed and the page.
 */
final class ActivityDocuments {

    /** Activities on one page of an outbox. */
    static final int PER_PAGE = 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Site site;
    private final ArticleReads articles;
    private final Fediverse fediverse;
    private final RenderCache cache;

    ActivityDocuments(Site site, ArticleReads articles, Fediverse fediverse, RenderCache cache) {
        this.site = site;
        this.articles = articles;
        this.fediverse = fediverse;
        this.cache = cache;
    }

    /** The account's profile: who it is, where its inbox, outbox and followers are, and its public key. */
    Representation profile(Actor actor) {
        DocumentKey key = new DocumentKey.Profile(actor.key(), actor.feed(), actor.kind() == Actor.Kind.AUTHOR);
        return cache.get(key, () -> {
            String id = actor.id(site);
            ObjectNode doc = ActivityStreams.document();
            doc.put("id", id);
            doc.put("type", actor.kind().type());
            doc.put("preferredUsername", fediverse.actors().handle(actor).orElse(actor.slug()));
            doc.put("name", actor.name());
            doc.put("summary", "<p>" + Entities.escape(actor.summary()) + "</p>");
            doc.put("url", site.url(actor.page()));
            doc.put("inbox", id + "/inbox");
            doc.put("outbox", id + "/outbox");
            doc.put("followers", id + "/followers");
            doc.putObject("endpoints").put("sharedInbox", site.url("/ap/inbox"));
            doc.put("manuallyApprovesFollowers", false);
            doc.put("discoverable", true);
            image(doc, "icon", site.icon());
            image(doc, "image", site.logo());
            ObjectNode publicKey = doc.putObject("publicKey");
            publicKey.put("id", id + "#main-key");
            publicKey.put("owner", id);
            publicKey.put("publicKeyPem", fediverse.keys().publicPem(actor.key()));
            return actor.kind() == Actor.Kind.AUTHOR ? json(doc, keys(actor)) : json(doc);
        });
    }

    private void image(ObjectNode doc, String field, String url) {
        if (url == null) {
            return;
        }
        String absolute = site.absolute(url);
        ObjectNode image = doc.putObject(field).put("type", "Image").put("url", absolute);
        String type = ActivityStreams.imageType(absolute);
        if (type != null) {
            image.put("mediaType", type);
        }
    }

    /**
     * The account's outbox ({@code page} null): how many articles it published and where its first and last pages
     * are; or one page of it, newest first.
     */
    Representation outbox(Actor actor, String page) {
        String outbox = actor.id(site) + "/outbox";
        if (page == null) {
            return cache.get(new DocumentKey.Outbox(actor.feed(), 0), () -> {
                int total = articles.count(actor.feedName());
                ObjectNode doc = ActivityStreams.document();
                doc.put("id", outbox);
                doc.put("type", "OrderedCollection");
                doc.put("totalItems", total);
                doc.put("first", outbox + "?page=1");
                doc.put("last", outbox + "?page=" + last(total));
                return json(doc, keys(actor));
            });
        }
        int number = PageNumber.parse(page, Integer.MAX_VALUE, ".");
        return cache.get(new DocumentKey.Outbox(actor.feed(), number), () -> {
            int total = articles.count(actor.feedName());
            int last = last(total);
            PageNumber.parse(page, last, ", the outbox's last page.");
            List<Article> items = articles.published(actor.feedName(), null, null, (number - 1) * PER_PAGE, PER_PAGE);
            ObjectNode doc = ActivityStreams.document();
            doc.put("id", outbox + "?page=" + number);
            doc.put("type", "OrderedCollectionPage");
            doc.put("partOf", outbox);
            doc.put("totalItems", total);
            if (number < last) {
                doc.put("next", outbox + "?page=" + (number + 1));
            }
            if (number > 1) {
                doc.put("prev", outbox + "?page=" + (number - 1));
            }
            doc.set("orderedItems", fediverse.objects().creates(items));
            return json(doc, keys(actor));
        });
    }

    private static int last(int total) {
        return Math.max(1, (total + PER_PAGE - 1) / PER_PAGE);
    }

    /** The account's followers: how many, never who. */
    byte[] followers(Actor actor) {
        ObjectNode doc = ActivityStreams.document();
        doc.put("id", actor.id(site) + "/followers");
        doc.put("type", "OrderedCollection");
        doc.put("totalItems", fediverse.followers().count(actor.key()));
        return bytes(doc);
    }

    /** The object of the live article whose page is {@code /articles/{slug}}. */
    Representation object(String slug) {
        return cache.get(new DocumentKey.Object(slug), () -> {
            Article article =
                    articles.findBySlug(slug).orElseThrow(() -> new NotFound("There is no article \"" + slug + "\"."));
            return Representation.of(
                    bytes(fediverse.objects().object(article)),
                    ActivityStreams.MEDIA_TYPE,
                    article.updated(),
                    site.maxAge(),
                    SurrogateKeys.article(article.id()));
        });
    }

    /** The keys of what an account's documents mirror: its feed's. */
    private static String[] keys(Actor actor) {
        return new String[] {SurrogateKeys.feed(actor.feed())};
    }

    private Representation json(ObjectNode doc, String... keys) {
        return Representation.of(bytes(doc), ActivityStreams.MEDIA_TYPE, null, site.maxAge(), keys);
    }

    static byte[] bytes(Object doc) {
        try {
            return MAPPER.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A document could not be written as JSON", e);
        }
    }
}
