package io.loa;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.loa.config.CdnConfig;
import io.loa.config.Clients;
import io.loa.config.ConfigLoader;
import io.loa.config.FediverseConfig;
import io.loa.config.IndexNowConfig;
import io.loa.config.PurgeConfig;
import io.loa.config.Section;
import io.loa.config.Site;
import io.loa.config.WebSubConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The site a test server publishes, built in code: the project's feeds-config, with what a test changes.
 * <pre>
 * TestSite.project().itemsPerFeed(3).hubs(List.of("http://127.0.0.1:8081/hub")).maxAttempts(4)
 * </pre>
 * The server reads its site from a feeds-config directory, so {@link #writeTo(Path)} writes it as one.
 */
public final class TestSite {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final Site project;
    private CdnConfig cdn;
    private String language;
    private int itemsPerFeed;
    private List<String> hubs;
    private int minLeaseSeconds;
    private int firstRetryMillis;
    private int maxAttempts;
    private int maxWaitingPerClient;
    private int maxWaitingPerHost;
    private int maxSubscriptionsPerHost;
    private List<PurgeConfig> purge;
    private Optional<IndexNowConfig> indexNow;
    private FediverseConfig fediverse;
    private int maxAge;
    private Clients clients;

    private TestSite(Site project) {
        this.project = project;
        cdn = project.cdn();
        WebSubConfig w = project.websub();
        language = project.language();
        itemsPerFeed = project.itemsPerFeed();
        hubs = w.hubs();
        minLeaseSeconds = w.minLeaseSeconds();
        firstRetryMillis = w.firstRetryMillis();
        maxAttempts = w.maxAttempts();
        maxWaitingPerClient = w.maxWaitingPerClient();
        maxWaitingPerHost = w.maxWaitingPerHost();
        maxSubscriptionsPerHost = w.maxSubscriptionsPerHost();
        purge = project.purge();
        indexNow = project.indexNow();
        fediverse = project.fediverse();
        maxAge = project.maxAge();
        clients = project.clients();
    }

    /** The project's own feeds-config, as the server would read it. */
    public static TestSite project() {
        return new TestSite(new ConfigLoader().load(Path.of("feeds-config")));
    }

    public Site site() {
        Site p = project;
        WebSubConfig w = p.websub();
        WebSubConfig websub = new WebSubConfig(
                hubs,
                minLeaseSeconds,
                w.defaultLeaseSeconds(),
                w.maxLeaseSeconds(),
                w.allowPrivateCallbacks(),
                firstRetryMillis,
                maxAttempts,
                maxWaitingPerClient,
                maxWaitingPerHost,
                maxSubscriptionsPerHost);
        return new Site(
                p.title(),
                p.description(),
                p.baseUrl(),
                language,
                p.zone(),
                itemsPerFeed,
                p.idPrefix(),
                p.copyright(),
                maxAge,
                p.icon(),
                p.logo(),
                p.tombstoneDays(),
                cdn,
                websub,
                purge,
                indexNow,
                fediverse,
                p.sections().stream()
                        .map(section -> section.maxAge() == p.maxAge()
                                ? new Section(section.slug(), section.title(), section.description(), maxAge)
                                : section)
                        .toList(),
                clients);
    }

    /** The language the site publishes in, such as {@code en}: that of its pages and feeds. */
    public TestSite language(String tag) {
        language = tag;
        return this;
    }

    public TestSite itemsPerFeed(int items) {
        itemsPerFeed = items;
        return this;
    }

    /** Other hubs, told of every change and advertised beside Loa's own. */
    public TestSite hubs(List<String> urls) {
        hubs = urls;
        return this;
    }

    public TestSite minLeaseSeconds(int seconds) {
        minLeaseSeconds = seconds;
        return this;
    }

    /** The wait before a failed WebSub delivery is first tried again. */
    public TestSite firstRetryMillis(int millis) {
        firstRetryMillis = millis;
        return this;
    }

    public TestSite maxAttempts(int attempts) {
        maxAttempts = attempts;
        return this;
    }

    public TestSite maxWaitingPerClient(int requests) {
        maxWaitingPerClient = requests;
        return this;
    }

    public TestSite maxWaitingPerHost(int requests) {
        maxWaitingPerHost = requests;
        return this;
    }

    public TestSite maxSubscriptionsPerHost(int subscriptions) {
        maxSubscriptionsPerHost = subscriptions;
        return this;
    }

    /** Seconds readers may keep a feed before asking again: the site's, and each section's that had the site's. */
    public TestSite maxAge(int seconds) {
        maxAge = seconds;
        return this;
    }

    /** The proxies whose {@code Forwarded} and {@code X-Forwarded-For} name the client. */
    public TestSite trustedProxies(List<String> blocks) {
        clients = new Clients(blocks, clients.politePolling(), clients.pollingGrace());
        return this;
    }

    /** Clients that fetch a feed unconditionally faster than its maxAge, past {@code grace} fetches, get 429. */
    public TestSite politePolling(int grace) {
        clients = new Clients(clients.trustedProxies(), true, grace);
        return this;
    }

    /** What documents tell the shared caches in front of Loa (site.yaml's {@code cdn:}). */
    public TestSite cdn(CdnConfig settings) {
        cdn = settings;
        return this;
    }

    /** The shared caches purged after each write. */
    public TestSite purge(List<PurgeConfig> caches) {
        purge = caches;
        return this;
    }

    /** IndexNow, told of every article page changed; empty: off. */
    public TestSite indexNow(Optional<IndexNowConfig> settings) {
        indexNow = settings;
        return this;
    }

    /** The site, its sections and its authors as fediverse accounts (site.yaml's {@code fediverse:}). */
    public TestSite fediverse(FediverseConfig settings) {
        fediverse = settings;
        return this;
    }

    /** Writes the site as a feeds-config directory ({@code site.yaml}, {@code sections.yaml}) into {@code dir}. */
    public Path writeTo(Path dir) {
        Site s = site();
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("title", s.title());
        yaml.put("description", s.description());
        if (s.baseUrl() != null) {
            yaml.put("baseUrl", s.baseUrl());
        }
        yaml.put("language", s.language());
        yaml.put("timeZone", s.zone().getId());
        yaml.put("itemsPerFeed", s.itemsPerFeed());
        yaml.put("idPrefix", s.idPrefix());
        yaml.put("copyright", s.copyright());
        yaml.put("maxAge", s.maxAge());
        if (s.icon() != null) {
            yaml.put("icon", s.icon());
        }
        if (s.logo() != null) {
            yaml.put("logo", s.logo());
        }
        yaml.put("tombstoneDays", s.tombstoneDays());
        WebSubConfig w = s.websub();
        Map<String, Object> websub = new LinkedHashMap<>();
        websub.put("hubs", w.hubs());
        websub.put("minLeaseSeconds", w.minLeaseSeconds());
        websub.put("defaultLeaseSeconds", w.defaultLeaseSeconds());
        websub.put("maxLeaseSeconds", w.maxLeaseSeconds());
        websub.put("allowPrivateCallbacks", w.allowPrivateCallbacks());
        websub.put("firstRetryMillis", w.firstRetryMillis());
        websub.put("maxAttempts", w.maxAttempts());
        websub.put("maxWaitingPerClient", w.maxWaitingPerClient());
        websub.put("maxWaitingPerHost", w.maxWaitingPerHost());
        websub.put("maxSubscriptionsPerHost", w.maxSubscriptionsPerHost());
        yaml.put("websub", websub);
        yaml.put("trustedProxies", s.clients().trustedProxies());
        yaml.put(
                "politePolling",
                Map.of(
                        "enabled",
                        s.clients().politePolling(),
                        "grace",
                        s.clients().pollingGrace()));
        CdnConfig c = s.cdn();
        yaml.put(
                "cdn",
                Map.of(
                        "keyHeaders", c.keyHeaders(),
                        "sharedMaxAge", c.sharedMaxAge(),
                        "staleWhileRevalidate", c.staleWhileRevalidate(),
                        "staleIfError", c.staleIfError()));
        if (!s.purge().isEmpty()) {
            yaml.put("purge", s.purge().stream().map(TestSite::purge).toList());
        }
        s.indexNow().ifPresent(n -> yaml.put("indexNow", Map.of("endpoint", n.endpoint(), "key", n.key())));
        FediverseConfig f = s.fediverse();
        Map<String, Object> fedi = new LinkedHashMap<>();
        fedi.put("enabled", f.enabled());
        f.handleHost().ifPresent(host -> fedi.put("handleHost", host));
        f.siteHandle().ifPresent(handle -> fedi.put("siteHandle", handle));
        fedi.put("objectType", f.objectType().type());
        yaml.put("fediverse", fedi);
        List<Map<String, Object>> sections =
                s.sections().stream().map(TestSite::section).toList();
        try {
            Files.createDirectories(dir);
            YAML.writeValue(dir.resolve("site.yaml").toFile(), yaml);
            YAML.writeValue(dir.resolve("sections.yaml").toFile(), sections);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> purge(PurgeConfig cache) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("provider", cache.provider().label());
        switch (cache.provider()) {
            case VARNISH, URLS -> yaml.put("url", cache.url());
            case FASTLY, CLOUDFLARE -> {
                yaml.put(
                        cache.provider() == PurgeConfig.Provider.FASTLY ? "serviceId" : "zoneId",
                        cache.account().orElseThrow());
                yaml.put("tokenEnv", cache.tokenEnv().orElseThrow());
                yaml.put("apiUrl", cache.url());
            }
        }
        return yaml;
    }

    private static Map<String, Object> section(Section section) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("slug", section.slug());
        yaml.put("title", section.title());
        yaml.put("description", section.description());
        yaml.put("maxAge", section.maxAge());
        return yaml;
    }
}
