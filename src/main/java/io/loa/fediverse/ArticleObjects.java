package io.loa.fediverse;

import static io.loa.fediverse.ActivityStreams.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.article.Article;
import io.loa.article.Image;
import io.loa.article.StoredArticle;
import io.loa.article.Tag;
import io.loa.config.FediverseConfig;
import io.loa.config.Site;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;

/**
 * An article as the fediverse sees it (ActivityStreams 2.0), and the activities that publish, change and withdraw it.
 * Its id is its page on Loa, {@code {base}/articles/{slug}}, which answers with this object to a client asking for
 * ActivityStreams. Configured as an {@code Article} it carries the title ({@code name}), the lead ({@code summary}) and
 * the whole body ({@code content}), which Mastodon shows as the title and a link; as a {@code Note} its content is
 * the title, the lead and the link, which Mastodon shows in full (and no {@code summary}, which Mastodon would show
 * as a content warning). Activity ids are stable: {@code {id}#create}, {@code {id}#update-{millis}},
 * {@code {id}#delete}.
 */
public final class ArticleObjects {

    private final Site site;
    private final Actors actors;
    private final FediverseConfig.ObjectType type;

    public ArticleObjects(Site site, Actors actors) {
        this.site = site;
        this.actors = actors;
        this.type = site.fediverse().objectType();
    }

    /** The id of the article whose page is {@code /articles/{slug}}. */
    public String id(String slug) {
        return site.url("/articles/" + slug);
    }

    /** The article's object, with its {@code @context}. */
    public ObjectNode object(Article article) {
        return ActivityStreams.document().setAll(bare(article));
    }

    public ObjectNode object(StoredArticle stored) {
        return object(stored.article());
    }

    /** The activity that publishes the article, sent by its author's account (else the site's). */
    public ObjectNode create(Article article) {
        return create(article, actors.attributedTo(article));
    }

    public ObjectNode create(Article article, Actor from) {
        return activity(article, "Create", "#create", from, article.published());
    }

    /** The activity that tells of an edit, one id per version ({@code updated}). */
    public ObjectNode update(Article article) {
        return update(article, actors.attributedTo(article));
    }

    public ObjectNode update(Article article, Actor from) {
        return activity(article, "Update", "#update-" + article.updated().toEpochMilli(), from, article.updated());
    }

    /**
     * The activity that withdraws the article: its object a Tombstone ({@code formerType}, {@code deleted}), as
     * Mastodon deletes a post on it. Sent to the same audience as the article.
     */
    public ObjectNode delete(Article article, Instant deleted) {
        return delete(article, actors.attributedTo(article), deleted);
    }

    public ObjectNode delete(Article article, Actor from, Instant deleted) {
        ObjectNode delete = ActivityStreams.document();
        String id = id(article.slug());
        delete.put("id", id + "#delete");
        delete.put("type", "Delete");
        delete.put("actor", from.id(site));
        delete.put("published", ActivityStreams.date(deleted));
        audience(delete, article);
        ObjectNode tombstone = delete.putObject("object");
        tombstone.put("id", id);
        tombstone.put("type", "Tombstone");
        tombstone.put("formerType", type.type());
        tombstone.put("deleted", ActivityStreams.date(deleted));
        return delete;
    }

    private ObjectNode activity(Article article, String kind, String suffix, Actor from, Instant at) {
        ObjectNode activity = ActivityStreams.document();
        activity.put("id", id(article.slug()) + suffix);
        activity.put("type", kind);
        activity.put("actor", from.id(site));
        activity.put("published", ActivityStreams.date(at));
        audience(activity, article);
        activity.set("object", bare(article));
        return activity;
    }

    /** The object without {@code @context}: as an activity or a collection carries it. */
    ObjectNode bare(Article article) {
        ObjectNode object = JSON.objectNode();
        String id = id(article.slug());
        String url = article.link(site.baseUrl());
        object.put("id", id);
        object.put("type", type.type());
        String lead = article.lead();
        if (type == FediverseConfig.ObjectType.ARTICLE) {
            object.put("name", article.title());
            if (lead != null) {
                object.put("summary", Entities.escape(lead));
            }
            object.put("content", absolute(article.body()));
        } else {
            object.put("content", note(article.title(), lead, url));
        }
        object.put("mediaType", "text/html");
        object.put("url", url);
        object.put("published", ActivityStreams.date(article.published()));
        if (article.updated() != null && article.updated().isAfter(article.published())) {
            object.put("updated", ActivityStreams.date(article.updated()));
        }
        object.put("attributedTo", actors.attributedTo(article).id(site));
        object.put("sensitive", false);
        audience(object, article);
        ArrayNode attachments = object.putArray("attachment");
        article.images().forEach(image -> attachments.add(image(image)));
        ArrayNode tags = object.putArray("tag");
        article.tags().forEach(tag -> tags.add(hashtag(tag)));
        ArrayNode sections = object.putArray("audience");
        actors.actorsOf(article).stream()
                .filter(a -> a.kind() == Actor.Kind.SECTION)
                .forEach(a -> sections.add(a.id(site)));
        return object;
    }

    /** Public, and copied to the followers of every account the article is published from. */
    private void audience(ObjectNode node, Article article) {
        node.putArray("to").add(ActivityStreams.PUBLIC);
        ArrayNode cc = node.putArray("cc");
        actors.actorsOf(article).forEach(a -> cc.add(a.id(site) + "/followers"));
    }

    private ObjectNode image(Image image) {
        ObjectNode node = JSON.objectNode();
        String url = site.absolute(image.url());
        node.put("type", "Image");
        node.put("url", url);
        String mediaType = image.type() != null ? image.type() : ActivityStreams.imageType(url);
        if (mediaType != null) {
            node.put("mediaType", mediaType);
        }
        String name = image.caption() != null ? image.caption() : image.alt();
        if (name != null) {
            node.put("name", name);
        }
        if (image.width() != null && image.height() != null) {
            node.put("width", image.width());
            node.put("height", image.height());
        }
        return node;
    }

    /** A tag as a hashtag: its label without spaces or marks of punctuation ({@code #BiểnĐông}), and its page. */
    private ObjectNode hashtag(Tag tag) {
        ObjectNode node = JSON.objectNode();
        node.put("type", "Hashtag");
        node.put("name", "#" + tag.label().replaceAll("[^\\p{L}\\p{N}\\p{M}_]", ""));
        node.put("href", site.url("/tags/" + tag.slug()));
        return node;
    }

    /** The body with every link and image made absolute: it is read on other servers. */
    private String absolute(String body) {
        Document doc = Jsoup.parseBodyFragment(body, site.url("/"));
        for (Element link : doc.select("[href]")) {
            link.attr("href", link.absUrl("href"));
        }
        for (Element image : doc.select("[src]")) {
            image.attr("src", image.absUrl("src"));
        }
        doc.outputSettings().prettyPrint(false);
        return doc.body().html();
    }

    private static String note(String title, String lead, String url) {
        Document doc = Jsoup.parseBodyFragment("");
        doc.body().appendElement("p").appendElement("strong").text(title);
        if (lead != null) {
            doc.body().appendElement("p").text(lead);
        }
        doc.body().appendElement("p").appendElement("a").attr("href", url).text(url);
        doc.outputSettings().prettyPrint(false);
        return doc.body().html();
    }

    /** What each page of an outbox lists: the activities that published its articles. */
    ArrayNode creates(List<Article> articles) {
        ArrayNode items = JSON.arrayNode();
        for (Article article : articles) {
            ObjectNode create = create(article);
            create.remove("@context");
            items.add(create);
        }
        return items;
    }
}
