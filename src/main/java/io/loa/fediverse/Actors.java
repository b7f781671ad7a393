package io.loa.fediverse;

import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.article.FeedName;
import io.loa.article.Slugs;
import io.loa.article.StoredArticle;
import io.loa.config.Messages;
import io.loa.config.Section;
import io.loa.config.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The site's accounts on the fediverse, found by key ({@code section:thoi-su}), by handle ({@code thoi-su}) or by
 * URL ({@code https://…/ap/sections/thoi-su}). The site and its sections always exist; an author exists while they
 * have a live article, as their page does, so nothing of an author whose articles are all still embargoed shows.
 * <p>
 * Handles: the site's is configured (default: the first label of its host), a section's and an author's is the slug.
 * When two would share one, the site keeps it first, then the section: the author has no handle then, though their
 * account still exists at its URL.
 */
public final class Actors {

    private final Site site;
    private final ArticleReads articles;
    private final Messages messages;
    private final String siteHandle;
    private final String handleHost;

    public Actors(Site site, ArticleReads articles) {
        this.site = site;
        this.articles = articles;
        this.messages = Messages.of(site);
        this.siteHandle = site.fediverse().siteHandle(site.baseUrl());
        this.handleHost = site.fediverse().handleHost(site.baseUrl());
    }

    public Actor site() {
        return new Actor(Actor.Kind.SITE, "", site.title(), site.description());
    }

    public Optional<Actor> section(String slug) {
        return site.section(slug).map(Actors::of);
    }

    /** The author whose page is {@code /authors/{slug}}, named as their newest live article names them. */
    public Optional<Actor> author(String slug) {
        if (!Slugs.isName(slug)) {
            return Optional.empty();
        }
        return articles.nameOf(FeedName.author(slug)).map(name -> author(slug, name));
    }

    private Actor author(String slug, String name) {
        return new Actor(Actor.Kind.AUTHOR, slug, name, messages.text("author.lead", name));
    }

    private static Actor of(Section section) {
        return new Actor(Actor.Kind.SECTION, section.slug(), section.title(), section.description());
    }

    /** The account a key names ({@code site}, {@code section:thoi-su}, {@code author:nguyen-van-an}). */
    public Optional<Actor> byKey(String key) {
        if (key.equals("site")) {
            return Optional.of(site());
        }
        int colon = key.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String slug = key.substring(colon + 1);
        return switch (key.substring(0, colon)) {
            case "section" -> section(slug);
            case "author" -> author(slug);
            default -> Optional.empty();
        };
    }

    /** The account a handle's name names, in any case: the site's, then a section's, then an author's. */
    public Optional<Actor> byHandle(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals(siteHandle)) {
            return Optional.of(site());
        }
        Optional<Actor> section = section(lower);
        return section.isPresent() ? section : author(lower);
    }

    /** The account whose id is {@code url}. */
    public Optional<Actor> byUrl(String url) {
        String base = site.url("/ap/");
        if (!url.startsWith(base)) {
            return Optional.empty();
        }
        String[] parts = url.substring(base.length()).split("/", -1);
        if (parts.length == 1 && parts[0].equals("site")) {
            return Optional.of(site());
        }
        if (parts.length != 2) {
            return Optional.empty();
        }
        return switch (parts[0]) {
            case "sections" -> section(parts[1]);
            case "authors" -> author(parts[1]);
            default -> Optional.empty();
        };
    }

    /** The name of the account's handle ({@code thoi-su}), or empty when an account before it took that name. */
    public Optional<String> handle(Actor actor) {
        return switch (actor.kind()) {
            case SITE -> Optional.of(siteHandle);
            case SECTION -> actor.slug().equals(siteHandle) ? Optional.empty() : Optional.of(actor.slug());
            case AUTHOR ->
                actor.slug().equals(siteHandle) || site.hasSection(actor.slug())
                        ? Optional.empty()
                        : Optional.of(actor.slug());
        };
    }

    /** The account's full handle as people type it, {@code @thoi-su@baohatinh.vn}, when it has one. */
    public Optional<String> mention(Actor actor) {
        return handle(actor).map(name -> "@" + name + "@" + handleHost);
    }

    /** The host every handle names. */
    public String handleHost() {
        return handleHost;
    }

    /** The accounts an article is published from: the site, each of its sections still configured, its author. */
    public List<Actor> actorsOf(Article article) {
        List<Actor> actors = new ArrayList<>();
        actors.add(site());
        for (String slug : article.sections()) {
            section(slug).ifPresent(actors::add);
        }
        article.authorSlug().ifPresent(slug -> actors.add(author(slug, article.author())));
        return actors;
    }

    public List<Actor> actorsOf(StoredArticle stored) {
        return actorsOf(stored.article());
    }

    /** The account an article is attributed to: its author's, else the site's. */
    public Actor attributedTo(Article article) {
        return article.authorSlug().map(slug -> author(slug, article.author())).orElseGet(this::site);
    }

    /** How many accounts there are: the site, its sections, and every author with a live article. */
    public int count() {
        return 1 + site.sections().size() + articles.authorCount();
    }
}
