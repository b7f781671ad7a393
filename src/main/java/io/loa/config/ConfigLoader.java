package io.loa.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code site.yaml} and {@code sections.yaml} from a feeds-config directory.
 * Every problem stops start-up with a {@link ConfigException} naming the file, the entry and the problem.
 */
public final class ConfigLoader {

    static final String SITE_FILE = "site.yaml";
    static final String SECTIONS_FILE = "sections.yaml";
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Set<String> SITE_KEYS = Set.of(
            "title",
            "description",
            "baseUrl",
            "language",
            "timeZone",
            "itemsPerFeed",
            "idPrefix",
            "copyright",
            "maxAge",
            "icon",
            "logo",
            "tombstoneDays",
            "websub",
            "cdn",
            "purge",
            "indexNow",
            "fediverse",
            "trustedProxies",
            "politePolling");
    private static final Set<String> POLITE_POLLING_KEYS = Set.of("enabled", "grace");
    private static final Set<String> WEBSUB_KEYS = Set.of(
            "hubs",
            "minLeaseSeconds",
            "defaultLeaseSeconds",
            "maxLeaseSeconds",
            "allowPrivateCallbacks",
            "firstRetryMillis",
            "maxAttempts",
            "maxWaitingPerClient",
            "maxWaitingPerHost",
            "maxSubscriptionsPerHost");
    private static final Set<String> CDN_KEYS =
            Set.of("keyHeaders", "sharedMaxAge", "staleWhileRevalidate", "staleIfError");
    private static final int MAX_LEASE_SECONDS = 365 * 86_400;
    /** More caches than this in front of one site is a mistake in the file, not a deployment. */
    private static final int MAX_PURGE_PROVIDERS = 8;

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TOKEN_ENV = Pattern.compile("LOA_[A-Z0-9_]{1,60}");
    /** An IndexNow key, as indexnow.org has it: 8 to 128 of these characters. */
    private static final Pattern INDEXNOW_KEY = Pattern.compile("[a-zA-Z0-9-]{8,128}");

    private static final Set<String> FEDIVERSE_KEYS = Set.of("enabled", "handleHost", "siteHandle", "objectType");
    /** A handle's name as Mastodon takes it: letters, digits and _, with . and - inside. */
    private static final Pattern HANDLE = Pattern.compile("[a-z0-9_]+([a-z0-9_.-]*[a-z0-9_])?");
    /** A host name, with a port where handles name one. */
    private static final Pattern HOST =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\\d{1,5})?");

    private static final Set<String> SECTION_KEYS = Set.of("slug", "title", "description", "maxAge");
    private static final int MAX_ITEMS_PER_FEED = 1000;
    private static final int DEFAULT_MAX_AGE = 300;
    private static final int MAX_MAX_AGE = 86_400;

    private final YAMLMapper yaml = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    public Site load(Path dir) {
        JsonNode site = read(dir, SITE_FILE);
        if (!site.isObject()) {
            throw new ConfigException(SITE_FILE, "(top level)", "must be a mapping of site settings");
        }
        Entry s = new Entry(SITE_FILE, "site", site);
        s.onlyKeys(SITE_KEYS);
        String language = s.optional("language", "vi");
        if (!LANGUAGE.matcher(language).matches()) {
            throw s.problem("language", "must be a language tag such as vi or en-US, not \"" + language + "\"");
        }
        int maxAge = s.number("maxAge", DEFAULT_MAX_AGE, 0, MAX_MAX_AGE);
        return new Site(
                s.required("title"),
                s.optional("description", ""),
                baseUrl(s),
                language,
                zone(s),
                s.number("itemsPerFeed", 50, 1, MAX_ITEMS_PER_FEED),
                idPrefix(s),
                s.optional("copyright", ""),
                maxAge,
                image(s, "icon"),
                image(s, "logo"),
                s.number("tombstoneDays", 30, 0, 3650),
                cdn(site.get("cdn"), maxAge),
                websub(site.get("websub")),
                purge(site.get("purge")),
                indexNow(site.get("indexNow")),
                fediverse(site.get("fediverse")),
                sections(read(dir, SECTIONS_FILE), maxAge),
                clients(s, site.get("politePolling")));
    }

    private JsonNode read(Path dir, String file) {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(path.toString(), "(file)", "not found");
        }
        try {
            JsonNode node = yaml.readTree(path.toFile());
            if (node == null || node.isMissingNode()) {
                throw new ConfigException(file, "(file)", "is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    file,
                    "(syntax)",
                    e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new ConfigException(path.toString(), "(file)", "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The site with its public base URL settled: {@code override} (LOA_BASE_URL) first, then site.yaml's
     * {@code baseUrl}, then {@code http://localhost:PORT}.
     */
    public static Site withBaseUrl(Site site, Optional<String> override, int port) {
        if (override.isPresent()) {
            return site.withBaseUrl(
                    baseUrl(override.get(), problem -> new ConfigException("LOA_BASE_URL", "(setting)", problem)));
        }
        return site.baseUrl() != null ? site : site.withBaseUrl("http://localhost:" + port);
    }

    private static String baseUrl(Entry s) {
        String url = s.optional("baseUrl", null);
        return url == null ? null : baseUrl(url, problem -> s.problem("baseUrl", problem));
    }

    private static String baseUrl(String url, Function<String, ConfigException> problem) {
        httpUrl(url, false, problem);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** An absolute http or https URL without fragment; with a query only where {@code query} allows one. */
    private static void httpUrl(String url, boolean query, Function<String, ConfigException> problem) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null
                    || !query && uri.getQuery() != null
                    || uri.getFragment() != null) {
                throw problem.apply("must be an absolute http or https URL" + (query ? "" : " without query")
                        + ", not \"" + url + "\"");
            }
        } catch (URISyntaxException e) {
            throw problem.apply("is not a URL: " + e.getMessage());
        }
    }

    private static ZoneId zone(Entry s) {
        String zone = s.optional("timeZone", "Asia/Ho_Chi_Minh");
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw s.problem("timeZone", "is not a time zone: \"" + zone + "\"");
        }
    }

    /** An image of the site: a path on Loa ("/assets/logo.png") or an absolute http(s) URL. */
    private static String image(Entry s, String key) {
        String value = s.optional(key, null);
        if (value == null || value.startsWith("/")) {
            return value;
        }
        return baseUrl(value, problem -> s.problem(key, problem.replace("without query, ", "")));
    }

    private static WebSubConfig websub(JsonNode node) {
        WebSubConfig d = WebSubConfig.DEFAULT;
        if (node == null || node.isNull()) {
            return d;
        }
        Entry w = new Entry(SITE_FILE, "websub", node);
        if (!node.isObject()) {
            throw w.problem("(entry)", "must be a mapping of WebSub settings");
        }
        w.onlyKeys(WEBSUB_KEYS);
        List<String> hubs = new ArrayList<>();
        JsonNode list = node.get("hubs");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw w.problem("hubs", "must be a list of hub URLs");
            }
            for (JsonNode hub : list) {
                // Kept exactly as written: a hub's URL is where it listens, trailing slash and query included.
                String url = hub.asText("").strip();
                httpUrl(url, true, problem -> w.problem("hubs", "entry " + problem));
                hubs.add(url);
            }
        }
        int min = w.number("minLeaseSeconds", d.minLeaseSeconds(), 1, MAX_LEASE_SECONDS);
        int max = w.number("maxLeaseSeconds", Math.max(min, d.maxLeaseSeconds()), min, MAX_LEASE_SECONDS);
        int lease = w.number("defaultLeaseSeconds", Math.min(max, Math.max(min, d.defaultLeaseSeconds())), min, max);
        return new WebSubConfig(
                hubs,
                min,
                lease,
                max,
                w.bool("allowPrivateCallbacks", d.allowPrivateCallbacks()),
                w.number("firstRetryMillis", d.firstRetryMillis(), 10, 3_600_000),
                w.number("maxAttempts", d.maxAttempts(), 1, 100),
                w.number("maxWaitingPerClient", d.maxWaitingPerClient(), 1, 1_000_000),
                w.number("maxWaitingPerHost", d.maxWaitingPerHost(), 1, 1_000_000),
                w.number("maxSubscriptionsPerHost", d.maxSubscriptionsPerHost(), 1, 10_000_000));
    }

    private static Clients clients(Entry s, JsonNode polling) {
        List<String> proxies = new ArrayList<>();
        JsonNode list = s.node().get("trustedProxies");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw s.problem("trustedProxies", "must be a list of addresses or CIDR blocks, such as 10.0.0.0/8");
            }
            for (JsonNode proxy : list) {
                String block = proxy.asText("").strip();
                if (!addressBlock(block)) {
                    throw s.problem(
                            "trustedProxies",
                            "entry \"" + block + "\" is not an IP address or a CIDR block such as 10.0.0.0/8");
                }
                proxies.add(block);
            }
        }
        Clients d = Clients.DEFAULT;
        if (polling == null || polling.isNull()) {
            return new Clients(proxies, d.politePolling(), d.pollingGrace());
        }
        Entry p = new Entry(SITE_FILE, "politePolling", polling);
        if (!polling.isObject()) {
            throw p.problem("(entry)", "must be a mapping with enabled and grace");
        }
        p.onlyKeys(POLITE_POLLING_KEYS);
        return new Clients(proxies, p.bool("enabled", true), p.number("grace", d.pollingGrace(), 0, 1000));
    }

    /**
     * An IPv4 or IPv6 literal, with an optional prefix length that fits it: read without a name lookup, as only
     * characters of literals get through.
     */
    static boolean addressBlock(String block) {
        int slash = block.indexOf('/');
        String address = slash < 0 ? block : block.substring(0, slash);
        if (address.isEmpty() || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false;
        }
        boolean v6 = address.contains(":");
        if (!v6 && !IPV4.matcher(address).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String bits = block.substring(slash + 1);
        if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Integer.parseInt(bits) <= (v6 ? 128 : 32);
    }

    private static CdnConfig cdn(JsonNode node, int maxAge) {
        CdnConfig d = CdnConfig.defaults(maxAge);
        if (node == null || node.isNull()) {
            return d;
        }
        Entry c = new Entry(SITE_FILE, "cdn", node);
        if (!node.isObject()) {
            throw c.problem("(entry)", "must be a mapping of CDN settings");
        }
        c.onlyKeys(CDN_KEYS);
        List<String> headers = d.keyHeaders();
        JsonNode list = node.get("keyHeaders");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw c.problem("keyHeaders", "must be a list of header names");
            }
            List<String> named = new ArrayList<>();
            for (JsonNode header : list) {
                String name = header.asText("").strip();
                named.add(CdnConfig.KEY_HEADERS.stream()
                        .filter(known -> known.equalsIgnoreCase(name))
                        .findFirst()
                        .orElseThrow(() -> c.problem(
                                "keyHeaders",
                                "entry \"" + name + "\" is not one of " + String.join(", ", CdnConfig.KEY_HEADERS))));
            }
            headers = named.stream().distinct().toList();
        }
        return new CdnConfig(
                headers,
                c.number("sharedMaxAge", d.sharedMaxAge(), 0, MAX_LEASE_SECONDS),
                c.number("staleWhileRevalidate", d.staleWhileRevalidate(), 0, MAX_LEASE_SECONDS),
                c.number("staleIfError", d.staleIfError(), 0, MAX_LEASE_SECONDS));
    }

    /** site.yaml's {@code purge:} list: each entry a provider and what it needs, nothing else. */
    private static List<PurgeConfig> purge(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_PURGE_PROVIDERS) {
            throw new ConfigException(
                    SITE_FILE, "purge", "must be a list of at most " + MAX_PURGE_PROVIDERS + " purge providers");
        }
        List<PurgeConfig> providers = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Entry p = new Entry(SITE_FILE, "purge #" + (i + 1), node.get(i));
            if (!p.node().isObject()) {
                throw p.problem("(entry)", "must be a mapping with a provider");
            }
            String name = p.required("provider");
            PurgeConfig.Provider provider = java.util.Arrays.stream(PurgeConfig.Provider.values())
                    .filter(known -> known.label().equals(name))
                    .findFirst()
                    .orElseThrow(() -> p.problem("provider", "must be varnish, urls, fastly or cloudflare"));
            providers.add(
                    switch (provider) {
                        case VARNISH, URLS -> {
                            p.onlyKeys(Set.of("provider", "url"));
                            String url = p.required("url");
                            httpUrl(url, false, problem -> p.problem("url", problem));
                            yield new PurgeConfig(provider, url, Optional.empty(), Optional.empty());
                        }
                        case FASTLY -> api(p, provider, "serviceId", PurgeConfig.FASTLY_API);
                        case CLOUDFLARE -> api(p, provider, "zoneId", PurgeConfig.CLOUDFLARE_API);
                    });
        }
        return providers;
    }

    /** A CDN purged through its API: the account purged, the variable holding the token, the API's URL. */
    private static PurgeConfig api(Entry p, PurgeConfig.Provider provider, String accountKey, String defaultApi) {
        p.onlyKeys(Set.of("provider", accountKey, "tokenEnv", "apiUrl"));
        String account = p.required(accountKey);
        if (!ACCOUNT.matcher(account).matches()) {
            throw p.problem(accountKey, "must be letters, digits, _ and - (at most 64), as the provider shows it");
        }
        String tokenEnv = p.required("tokenEnv");
        if (!TOKEN_ENV.matcher(tokenEnv).matches()) {
            throw p.problem(
                    "tokenEnv",
                    "must name an environment variable such as LOA_FASTLY_TOKEN (LOA_ and capitals), not \"" + tokenEnv
                            + "\"; the token itself never goes in this file");
        }
        String api = baseUrl(p.optional("apiUrl", defaultApi), problem -> p.problem("apiUrl", problem));
        return new PurgeConfig(provider, api, Optional.of(account), Optional.of(tokenEnv));
    }

    private static Optional<IndexNowConfig> indexNow(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        Entry n = new Entry(SITE_FILE, "indexNow", node);
        if (!node.isObject()) {
            throw n.problem("(entry)", "must be a mapping with a key");
        }
        n.onlyKeys(Set.of("endpoint", "key"));
        String key = n.required("key");
        if (!INDEXNOW_KEY.matcher(key).matches()) {
            throw n.problem("key", "must be 8 to 128 letters, digits and dashes (a-z, A-Z, 0-9, -)");
        }
        String endpoint = n.optional("endpoint", IndexNowConfig.DEFAULT_ENDPOINT);
        httpUrl(endpoint, false, problem -> n.problem("endpoint", problem));
        return Optional.of(new IndexNowConfig(endpoint, key));
    }

    private static FediverseConfig fediverse(JsonNode node) {
        FediverseConfig d = FediverseConfig.DEFAULT;
        if (node == null || node.isNull()) {
            return d;
        }
        Entry f = new Entry(SITE_FILE, "fediverse", node);
        if (!node.isObject()) {
            throw f.problem("(entry)", "must be a mapping of fediverse settings");
        }
        f.onlyKeys(FEDIVERSE_KEYS);
        Optional<String> host = Optional.ofNullable(f.optional("handleHost", null));
        if (host.isPresent()
                && (!HOST.matcher(host.get()).matches() || host.get().length() > 253)) {
            throw f.problem("handleHost", "must be a host name in lower case, such as baohatinh.vn");
        }
        Optional<String> handle = Optional.ofNullable(f.optional("siteHandle", null));
        if (handle.isPresent()
                && (!HANDLE.matcher(handle.get()).matches() || handle.get().length() > 64)) {
            throw f.problem("siteHandle", "must be lower-case letters, digits and _, with . or - inside (at most 64)");
        }
        String type = f.optional("objectType", d.objectType().type());
        FediverseConfig.ObjectType objectType = FediverseConfig.ObjectType.named(type)
                .orElseThrow(() -> f.problem("objectType", "must be Article or Note, not \"" + type + "\""));
        return new FediverseConfig(f.bool("enabled", d.enabled()), host, handle, objectType);
    }

    private static String idPrefix(Entry s) {
        String prefix = s.required("idPrefix");
        try {
            if (!new URI(prefix + "x").isAbsolute()) {
                throw s.problem("idPrefix", "must start an absolute URI, such as tag:example.com,2024:");
            }
        } catch (URISyntaxException e) {
            throw s.problem("idPrefix", "is not the start of a URI: " + e.getMessage());
        }
        return prefix;
    }

    private static List<Section> sections(JsonNode root, int defaultMaxAge) {
        if (!root.isArray() || root.isEmpty()) {
            throw new ConfigException(SECTIONS_FILE, "(top level)", "must be a non-empty list of sections");
        }
        List<Section> sections = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            Entry e = new Entry(SECTIONS_FILE, "section #" + (i + 1), node);
            if (!node.isObject()) {
                throw e.problem("(entry)", "must be a mapping with slug, title and description");
            }
            e.onlyKeys(SECTION_KEYS);
            String slug = e.required("slug");
            e = new Entry(SECTIONS_FILE, "section #" + (i + 1) + " \"" + slug + "\"", node);
            if (!SLUG.matcher(slug).matches() || slug.length() > 64) {
                throw e.problem("slug", "must be lower-case letters, digits and single hyphens (at most 64)");
            }
            if (Site.ALL.equals(slug)) {
                throw e.problem("slug", "\"all\" is reserved for the feed of every section");
            }
            if (Site.SEARCH.equals(slug)) {
                throw e.problem("slug", "\"search\" is reserved for search feeds (/feeds/search.atom?q=…)");
            }
            if (!seen.add(slug)) {
                throw e.problem("slug", "is used by an earlier section too");
            }
            sections.add(new Section(
                    slug,
                    e.required("title"),
                    e.optional("description", ""),
                    e.number("maxAge", defaultMaxAge, 0, MAX_MAX_AGE)));
        }
        return sections;
    }

    /** One mapping in a config file, with the words to name it in a message. */
    private record Entry(String file, String name, JsonNode node) {

        ConfigException problem(String key, String problem) {
            return new ConfigException(file, name, key + " " + problem);
        }

        String required(String key) {
            JsonNode n = node.get(key);
            if (n == null || n.isNull()) {
                throw problem(key, "is missing");
            }
            if (!n.isValueNode() || n.asText().isBlank()) {
                throw problem(key, "must be non-empty text");
            }
            return n.asText().strip();
        }

        int number(String key, int fallback, int min, int max) {
            JsonNode n = node.get(key);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
                throw problem(key, "must be a whole number from " + min + " to " + max + ", not " + n);
            }
            return n.intValue();
        }

        boolean bool(String key, boolean fallback) {
            JsonNode n = node.get(key);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isBoolean()) {
                throw problem(key, "must be true or false, not " + n);
            }
            return n.booleanValue();
        }

        String optional(String key, String fallback) {
            JsonNode n = node.get(key);
            return n == null || n.isNull() ? fallback : required(key);
        }

        void onlyKeys(Set<String> known) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String key = names.next();
                if (!known.contains(key)) {
                    throw problem(
                            key,
                            "is not a known setting (known: "
                                    + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }
    }
}
