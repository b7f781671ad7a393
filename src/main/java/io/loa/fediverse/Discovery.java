package io.loa.fediverse;

import static io.loa.fediverse.ActivityStreams.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.article.ArticleReads;
import io.loa.cdn.SurrogateKeys;
import io.loa.config.Site;
import io.loa.fault.Malformed;
import io.loa.fault.NotFound;
import io.loa.http.RenderCache;
import io.loa.http.Representation;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * How other servers find the site's accounts and learn what the site is: WebFinger (RFC 7033) from a handle or an
 * account's URL to the account, host-meta (RFC 6415) pointing at WebFinger, and NodeInfo 2.1.
 * <pre>
 * GET /.well-known/webfinger?resource=acct:thoi-su@baohatinh.vn   the section's account
 * GET /.well-known/host-meta                                      where WebFinger is (XRD)
 * GET /.well-known/nodeinfo  →  GET /nodeinfo/2.1                 software, protocols, accounts and articles
 * </pre>
 */
final class Discovery {

    static final String JRD = "application/jrd+json; charset=utf-8";
    static final String NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.1";
    static final String NODEINFO = "application/json; profile=\"" + NODEINFO_SCHEMA + "#\"";
    private static final String PROFILE_PAGE = "http://webfinger.net/rel/profile-page";
    /** The longest resource looked up: an account's URL is far shorter. */
    private static final int MAX_RESOURCE = 2000;

    private final Site site;
    private final Actors actors;
    private final ArticleReads articles;
    private final RenderCache cache;

    Discovery(Site site, Actors actors, ArticleReads articles, RenderCache cache) {
        this.site = site;
        this.actors = actors;
        this.articles = articles;
        this.cache = cache;
    }

    /** The JRD of the account {@code resource} names: {@code acct:name@host} or the account's URL. */
    Representation webfinger(String resource) {
        Actor actor = resolve(resource);
        String id = actor.id(site);
        ObjectNode jrd = JSON.objectNode();
        jrd.put(
                "subject",
                actors.handle(actor)
                        .map(name -> "acct:" + name + "@" + actors.handleHost())
                        .orElse(id));
        jrd.putArray("aliases").add(id).add(site.url(actor.page()));
        ArrayNode links = jrd.putArray("links");
        links.addObject()
                .put("rel", "self")
                .put("type", "application/activity+json")
                .put("href", id);
        links.addObject().put("rel", PROFILE_PAGE).put("type", "text/html").put("href", site.url(actor.page()));
        return Representation.of(ActivityDocuments.bytes(jrd), JRD, null, site.maxAge());
    }

    private Actor resolve(String resource) {
        if (resource == null || resource.isBlank()) {
            throw new Malformed("resource is required: acct:NAME@" + actors.handleHost() + " or an account's URL.");
        }
        if (resource.length() > MAX_RESOURCE) {
            throw new Malformed("resource must be at most " + MAX_RESOURCE + " characters.");
        }
        String lower = resource.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return actors.byUrl(resource).orElseThrow(() -> unknown(resource));
        }
        if (!lower.startsWith("acct:")) {
            throw new Malformed("resource must be acct:NAME@HOST or an account's URL, not \"" + resource + "\".");
        }
        String account = resource.substring("acct:".length());
        // The name may itself be written with a leading @, as people type handles.
        if (account.startsWith("@")) {
            account = account.substring(1);
        }
        int at = account.lastIndexOf('@');
        if (at <= 0 || at == account.length() - 1) {
            throw new Malformed("resource must be acct:NAME@HOST, not \"" + resource + "\".");
        }
        String host = account.substring(at + 1);
        if (!host.equalsIgnoreCase(actors.handleHost())) {
            throw unknown(resource);
        }
        return actors.byHandle(account.substring(0, at))
                .filter(actor -> actors.handle(actor).isPresent())
                .orElseThrow(() -> unknown(resource));
    }

    private static NotFound unknown(String resource) {
        return new NotFound("There is no account \"" + resource + "\" here.");
    }

    /** host-meta's XRD: WebFinger's address as a template, for servers that look there first. */
    Representation hostMeta() {
        String xrd = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
                + "  <Link rel=\"lrdd\" type=\"application/jrd+json\" template=\""
                + org.jsoup.nodes.Entities.escape(site.url("/.well-known/webfinger?resource={uri}"))
                + "\"/>\n</XRD>\n";
        return Representation.of(
                xrd.getBytes(StandardCharsets.UTF_8), "application/xrd+xml; charset=utf-8", null, site.maxAge());
    }

    /** Where the NodeInfo document is, by the version of its schema. */
    Representation nodeInfoLinks() {
        ObjectNode doc = JSON.objectNode();
        doc.putArray("links").addObject().put("rel", NODEINFO_SCHEMA).put("href", site.url("/nodeinfo/2.1"));
        return Representation.of(ActivityDocuments.bytes(doc), "application/json; charset=utf-8", null, site.maxAge());
    }

    /** NodeInfo 2.1: Loa, speaking ActivityPub, with its accounts and public articles counted, closed to sign-ups. */
    Representation nodeInfo() {
        return cache.get(new DocumentKey.NodeInfo(), () -> {
            ObjectNode doc = JSON.objectNode();
            doc.put("version", "2.1");
            ObjectNode software = doc.putObject("software");
            software.put("name", "loa");
            software.put("version", version());
            doc.putArray("protocols").add("activitypub");
            ObjectNode services = doc.putObject("services");
            services.putArray("inbound");
            services.putArray("outbound").add("atom1.0").add("rss2.0");
            doc.put("openRegistrations", false);
            ObjectNode usage = doc.putObject("usage");
            usage.putObject("users").put("total", actors.count());
            usage.put("localPosts", articles.count(null));
            doc.putObject("metadata").put("nodeName", site.title()).put("nodeDescription", site.description());
            return Representation.of(ActivityDocuments.bytes(doc), NODEINFO, null, site.maxAge(), SurrogateKeys.ALL);
        });
    }

    /** Loa's version as its jar names it; {@code dev} when run from classes. */
    private static String version() {
        return Optional.ofNullable(Discovery.class.getPackage().getImplementationVersion())
                .orElse("dev");
    }
}
