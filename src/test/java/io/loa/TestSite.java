package io.loa;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.loa.config.ConfigLoader;
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

/**
 * The site a test server publishes, built in code: the project's feeds-config, with what a test changes.
 * <pre>
 * TestSite.project().itemsPerFeed(3).hubs("http://127.0.0.1:8081/hub")
 * </pre>
 * The server reads its site from a feeds-config directory, so {@link #writeTo(Path)} writes it as one.
 */
public final class TestSite {

    private static final YAMLMapper YAML = new YAMLMapper();

    private Site site;

    private TestSite(Site site) {
        this.site = site;
    }

    /** The project's own feeds-config, as the server would read it. */
    public static TestSite project() {
        return new TestSite(new ConfigLoader().load(Path.of("feeds-config")));
    }

    public Site site() {
        return site;
    }

    public TestSite itemsPerFeed(int items) {
        Site s = site;
        site = new Site(s.title(), s.description(), s.baseUrl(), s.language(), s.zone(), items, s.idPrefix(),
                s.copyright(), s.maxAge(), s.icon(), s.logo(), s.tombstoneDays(), s.websub(), s.sections());
        return this;
    }

    /** Other hubs, told of every change and advertised beside Loa's own. */
    public TestSite hubs(List<String> hubs) {
        WebSubConfig w = site.websub();
        return websub(new WebSubConfig(hubs, w.minLeaseSeconds(), w.defaultLeaseSeconds(), w.maxLeaseSeconds(),
                w.allowPrivateCallbacks(), w.firstRetryMillis(), w.maxAttempts(), w.maxWaitingPerClient(),
                w.maxWaitingPerHost(), w.maxSubscriptionsPerHost()));
    }

    public TestSite minLeaseSeconds(int seconds) {
        WebSubConfig w = site.websub();
        return websub(new WebSubConfig(w.hubs(), seconds, w.defaultLeaseSeconds(), w.maxLeaseSeconds(),
                w.allowPrivateCallbacks(), w.firstRetryMillis(), w.maxAttempts(), w.maxWaitingPerClient(),
                w.maxWaitingPerHost(), w.maxSubscriptionsPerHost()));
    }

    /** How soon a failed WebSub delivery is tried again, and how often in all. */
    public TestSite retries(int firstRetryMillis, int maxAttempts) {
        WebSubConfig w = site.websub();
        return websub(new WebSubConfig(w.hubs(), w.minLeaseSeconds(), w.defaultLeaseSeconds(), w.maxLeaseSeconds(),
                w.allowPrivateCallbacks(), firstRetryMillis, maxAttempts, w.maxWaitingPerClient(),
                w.maxWaitingPerHost(), w.maxSubscriptionsPerHost()));
    }

    /** What one subscriber may have the hub hold for it: requests waiting per client and per host, subscriptions. */
    public TestSite subscriberBounds(int waitingPerClient, int waitingPerHost, int subscriptionsPerHost) {
        WebSubConfig w = site.websub();
        return websub(new WebSubConfig(w.hubs(), w.minLeaseSeconds(), w.defaultLeaseSeconds(), w.maxLeaseSeconds(),
                w.allowPrivateCallbacks(), w.firstRetryMillis(), w.maxAttempts(), waitingPerClient, waitingPerHost,
                subscriptionsPerHost));
    }

    public TestSite websub(WebSubConfig websub) {
        site = site.withWebSub(websub);
        return this;
    }

    /** Writes the site as a feeds-config directory ({@code site.yaml}, {@code sections.yaml}) into {@code dir}. */
    public Path writeTo(Path dir) {
        Site s = site;
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
        List<Map<String, Object>> sections = s.sections().stream().map(TestSite::section).toList();
        try {
            Files.createDirectories(dir);
            YAML.writeValue(dir.resolve("site.yaml").toFile(), yaml);
            YAML.writeValue(dir.resolve("sections.yaml").toFile(), sections);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
