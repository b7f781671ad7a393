package io.loa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    private static final String SITE = """
            title: Báo Hà Tĩnh
            description: Tin tức, thời sự của tỉnh Hà Tĩnh
            language: vi
            timeZone: Asia/Ho_Chi_Minh
            itemsPerFeed: 50
            idPrefix: "tag:baohatinh.vn,2023:"
            """;

    private static final String SECTIONS = """
            - slug: thoi-su
              title: Thời sự
              description: Tin thời sự trong nước và của tỉnh
            - slug: lich-su
              title: Lịch sử
            - slug: du-lich
              title: Du lịch
            """;

    @TempDir
    Path dir;

    @Test
    void loadsTheProjectsOwnFeedsConfig() {
        Site site = new ConfigLoader().load(Path.of(System.getProperty("loa.projectDir", "."), "feeds-config"));

        assertThat(site.title()).isEqualTo("Báo Hà Tĩnh");
        assertThat(site.language()).isEqualTo("vi");
        assertThat(site.zone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
        assertThat(site.itemsPerFeed()).isEqualTo(50);
        assertThat(site.idPrefix()).isEqualTo("tag:baohatinh.vn,2023:");
        assertThat(site.baseUrl()).isNull();
        assertThat(site.sections())
                .extracting(Section::slug)
                .containsExactly(
                        "hoat-dong-lanh-dao-tinh",
                        "bao-ve-nen-tang-tu-tuong",
                        "xay-dung-dang",
                        "thoi-su",
                        "lich-su",
                        "du-lich");
    }

    @Test
    void fillsInDefaultsForWhatSiteYamlLeavesOut() throws IOException {
        Site site = load("""
                title: Báo Hà Tĩnh
                idPrefix: "tag:baohatinh.vn,2023:"
                """, SECTIONS);

        assertThat(site.language()).isEqualTo("vi");
        assertThat(site.zone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
        assertThat(site.itemsPerFeed()).isEqualTo(50);
        assertThat(site.sections()).extracting(Section::title).containsExactly("Thời sự", "Lịch sử", "Du lịch");
        assertThat(site.sections().get(1).description()).isEmpty();
    }

    @Test
    void dropsTheTrailingSlashOfTheBaseUrl() throws IOException {
        Site site = load(SITE + "baseUrl: https://feeds.baohatinh.vn/\n", SECTIONS);

        assertThat(site.baseUrl()).isEqualTo("https://feeds.baohatinh.vn");
    }

    @Test
    void readsThePurgeProvidersWithTheirApiDefaultsAndIndexNow() throws IOException {
        Site site = load(SITE + """
                purge:
                  - provider: varnish
                    url: http://127.0.0.1:6081/
                  - provider: fastly
                    serviceId: SU1Z0isxPaozGVKXdv0eY
                    tokenEnv: LOA_FASTLY_TOKEN
                  - provider: cloudflare
                    zoneId: 023e105f4ecef8ad9ca31a8372d0c353
                    tokenEnv: LOA_CLOUDFLARE_TOKEN
                    apiUrl: http://127.0.0.1:9000/client/v4/
                indexNow:
                  key: 3f6c2a0e-9b7d-4e1a
                """, SECTIONS);

        assertThat(site.purge())
                .extracting(PurgeConfig::provider, PurgeConfig::url)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(PurgeConfig.Provider.VARNISH, "http://127.0.0.1:6081/"),
                        org.assertj.core.groups.Tuple.tuple(PurgeConfig.Provider.FASTLY, "https://api.fastly.com"),
                        org.assertj.core.groups.Tuple.tuple(
                                PurgeConfig.Provider.CLOUDFLARE, "http://127.0.0.1:9000/client/v4"));
        assertThat(site.purge().get(1).tokenEnv()).hasValue("LOA_FASTLY_TOKEN");
        assertThat(site.indexNow()).hasValue(new IndexNowConfig(IndexNowConfig.DEFAULT_ENDPOINT, "3f6c2a0e-9b7d-4e1a"));
    }

    @Test
    void refusesAPurgeTokenWrittenInTheFileAndAnUnknownProvider() throws IOException {
        assertThat(rejection(
                        SITE + "purge:\n  - provider: fastly\n    serviceId: abc\n    tokenEnv: LOA_T\n    token: x\n",
                        SECTIONS))
                .hasMessageContainingAll("purge #1", "token", "not a known setting");
        assertThat(rejection(
                        SITE + "purge:\n  - provider: fastly\n    serviceId: abc\n    tokenEnv: abcdef123\n", SECTIONS))
                .hasMessageContainingAll("purge #1", "tokenEnv", "LOA_");
        assertThat(rejection(SITE + "purge:\n  - provider: akamai\n    url: http://x/\n", SECTIONS))
                .hasMessageContainingAll("purge #1", "provider", "varnish, urls, fastly or cloudflare");
    }

    @Test
    void refusesAnIndexNowKeyTheProtocolDoesNotAllow() throws IOException {
        assertThat(rejection(SITE + "indexNow:\n  key: short\n", SECTIONS))
                .hasMessageContainingAll("indexNow", "key", "8 to 128");
        assertThat(rejection(SITE + "indexNow:\n  key: has/slash/in/it\n", SECTIONS))
                .hasMessageContainingAll("indexNow", "key");
    }

    @Test
    void readsTheFediverseBlockAndDefaultsHandlesToTheBaseUrlsHost() throws IOException {
        Site plain = load(SITE + "baseUrl: https://feeds.baohatinh.vn:8443/\n", SECTIONS);
        FediverseConfig defaults = plain.fediverse();
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.objectType()).isEqualTo(FediverseConfig.ObjectType.ARTICLE);
        assertThat(defaults.handleHost(plain.baseUrl())).isEqualTo("feeds.baohatinh.vn:8443");
        assertThat(defaults.siteHandle(plain.baseUrl())).isEqualTo("feeds");

        Site set = load(
                SITE + "fediverse:\n  handleHost: baohatinh.vn\n  siteHandle: baohatinh\n  objectType: note\n",
                SECTIONS);
        assertThat(set.fediverse().handleHost("https://feeds.baohatinh.vn")).isEqualTo("baohatinh.vn");
        assertThat(set.fediverse().siteHandle("https://feeds.baohatinh.vn")).isEqualTo("baohatinh");
        assertThat(set.fediverse().objectType()).isEqualTo(FediverseConfig.ObjectType.NOTE);
        assertThat(load(SITE + "fediverse:\n  enabled: false\n", SECTIONS)
                        .fediverse()
                        .enabled())
                .isFalse();
    }

    @Test
    void refusesAFediverseHandleOrTypeMastodonWouldNotTake() throws IOException {
        assertThat(rejection(SITE + "fediverse:\n  siteHandle: Báo\n", SECTIONS))
                .hasMessageContainingAll("fediverse", "siteHandle");
        assertThat(rejection(SITE + "fediverse:\n  handleHost: https://baohatinh.vn/\n", SECTIONS))
                .hasMessageContainingAll("fediverse", "handleHost");
        assertThat(rejection(SITE + "fediverse:\n  objectType: Page\n", SECTIONS))
                .hasMessageContainingAll("fediverse", "objectType", "Article or Note");
        assertThat(rejection(SITE + "fediverse:\n  inbox: x\n", SECTIONS))
                .hasMessageContainingAll("fediverse", "inbox", "not a known setting");
    }

    @Test
    void rejectsAMissingSectionsFile() throws IOException {
        Files.writeString(dir.resolve("site.yaml"), SITE);

        assertThat(rejection()).hasMessageContainingAll("sections.yaml", "(file)", "not found");
    }

    @Test
    void rejectsAYamlSyntaxErrorWithItsLine() throws IOException {
        String sections = """
                - slug: thoi-su
                  title: Thời sự
                - slug: lich-su
                  title: [Lịch sử
                """;

        assertThat(rejection(SITE, sections)).hasMessageContainingAll("sections.yaml", "(syntax)", "line 5");
    }

    @Test
    void rejectsADuplicateKey() throws IOException {
        assertThat(rejection(SITE + "title: Báo Hà Tĩnh điện tử\n", SECTIONS))
                .hasMessageContainingAll("site.yaml", "(syntax)", "Duplicate", "title");
    }

    @Test
    void rejectsADuplicateKeyInASection() throws IOException {
        String sections = SECTIONS + """
                - slug: xay-dung-dang
                  title: Xây dựng Đảng
                  title: Đảng
                """;

        assertThat(rejection(SITE, sections)).hasMessageContainingAll("sections.yaml", "Duplicate", "title");
    }

    @Test
    void rejectsAnUnknownKeyInSiteYaml() throws IOException {
        assertThat(rejection(SITE + "itemPerFeed: 20\n", SECTIONS))
                .hasMessageContainingAll("site.yaml", "site", "itemPerFeed", "is not a known setting", "itemsPerFeed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "ten", "-5", "1001", "2.5", "\"\""})
    void rejectsItemsPerFeedThatIsNotAWholeNumberFromOneToAThousand(String items) throws IOException {
        String site = SITE.replace("itemsPerFeed: 50", "itemsPerFeed: " + items);

        assertThat(rejection(site, SECTIONS))
                .hasMessageContainingAll("site.yaml", "site", "itemsPerFeed", "from 1 to 1000");
    }

    @Test
    void rejectsAnUnknownTimeZone() throws IOException {
        String site = SITE.replace("Asia/Ho_Chi_Minh", "Asia/Ha_Noi");

        assertThat(rejection(site, SECTIONS)).hasMessageContainingAll("site.yaml", "site", "timeZone", "Asia/Ha_Noi");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ftp://x", "baohatinh.vn", "https://", "https://baohatinh.vn/?a=1", "https://bao hatinh.vn"})
    void rejectsABaseUrlThatIsNotAnAbsoluteHttpUrl(String url) throws IOException {
        assertThat(rejection(SITE + "baseUrl: \"" + url + "\"\n", SECTIONS))
                .hasMessageContainingAll("site.yaml", "site", "baseUrl");
    }

    @Test
    void namesTheBadBaseUrl() throws IOException {
        assertThat(rejection(SITE + "baseUrl: ftp://x\n", SECTIONS))
                .hasMessage(
                        "site.yaml: site: baseUrl must be an absolute http or https URL without query, not \"ftp://x\"");
    }

    @Test
    void rejectsASectionWithoutTitle() throws IOException {
        String sections = """
                - slug: thoi-su
                  title: Thời sự
                - slug: lich-su
                  description: Những trang sử của dân tộc
                """;

        assertThat(rejection(SITE, sections)).hasMessage("sections.yaml: section #2 \"lich-su\": title is missing");
    }

    @Test
    void rejectsADuplicateSectionSlug() throws IOException {
        String sections = SECTIONS + """
                - slug: thoi-su
                  title: Thời sự (cũ)
                """;

        assertThat(rejection(SITE, sections))
                .hasMessageContainingAll("sections.yaml", "section #4 \"thoi-su\"", "slug", "earlier section");
    }

    @Test
    void rejectsTheReservedSlugAll() throws IOException {
        String sections = """
                - slug: all
                  title: Tất cả
                """;

        assertThat(rejection(SITE, sections))
                .hasMessageContainingAll("sections.yaml", "section #1 \"all\"", "slug", "reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Thoi-Su", "thời-sự", "thoi--su", "-thoi-su", "thoi su", "thoi_su"})
    void rejectsASlugThatIsNotLowerCaseAsciiWithSingleHyphens(String slug) throws IOException {
        String sections = SECTIONS + "- slug: \"" + slug + "\"\n  title: Thời sự\n";

        assertThat(rejection(SITE, sections))
                .hasMessageContainingAll("sections.yaml", "section #4 \"" + slug + "\"", "slug", "lower-case");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "", "# chưa có chủ đề nào\n", "thoi-su: Thời sự"})
    void rejectsASectionsFileWithoutSections(String sections) throws IOException {
        assertThat(rejection(SITE, sections)).hasMessageContaining("sections.yaml");
    }

    @Test
    void rejectsAnEmptySectionsList() throws IOException {
        assertThat(rejection(SITE, "[]"))
                .hasMessage("sections.yaml: (top level): must be a non-empty list of sections");
    }

    @Test
    void readsTheWebSubSettingsAndDefaultsTheRest() throws IOException {
        assertThat(load(SITE, SECTIONS).websub()).isEqualTo(WebSubConfig.DEFAULT);
        WebSubConfig websub = load(SITE + """
                websub:
                  hubs: ["https://pubsubhubbub.appspot.com/", "https://hub.example/publish?site=1"]
                  minLeaseSeconds: 60
                  maxLeaseSeconds: 600
                  allowPrivateCallbacks: true
                  maxWaitingPerClient: 500
                """, SECTIONS).websub();

        assertThat(websub.hubs())
                .containsExactly("https://pubsubhubbub.appspot.com/", "https://hub.example/publish?site=1");
        assertThat(websub.minLeaseSeconds()).isEqualTo(60);
        assertThat(websub.maxLeaseSeconds()).isEqualTo(600);
        assertThat(websub.defaultLeaseSeconds())
                .as("the default kept within the bounds")
                .isEqualTo(600);
        assertThat(websub.allowPrivateCallbacks()).isTrue();
        assertThat(websub.maxAttempts()).isEqualTo(WebSubConfig.DEFAULT.maxAttempts());
        assertThat(websub.maxWaitingPerClient()).isEqualTo(500);
        assertThat(websub.maxWaitingPerHost()).isEqualTo(WebSubConfig.DEFAULT.maxWaitingPerHost());
        assertThat(websub.maxSubscriptionsPerHost()).isEqualTo(WebSubConfig.DEFAULT.maxSubscriptionsPerHost());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "websub: yes",
                "websub: {hubs: https://hub.example}",
                "websub: {hubs: [\"ftp://hub.example\"]}",
                "websub: {hubs: [\"hub.example\"]}",
                "websub: {minLeaseSeconds: 600, maxLeaseSeconds: 60}",
                "websub: {allowPrivateCallbacks: sometimes}",
                "websub: {maxAttempts: 0}",
                "websub: {leaseSeconds: 60}",
                "websub: {maxWaitingPerHost: 0}"
            })
    void rejectsBadWebSubSettings(String websub) throws IOException {
        assertThat(rejection(SITE + websub + "\n", SECTIONS)).hasMessageContaining("site.yaml: websub");
    }

    @Test
    void readsTrustedProxiesAndPolitePollingAndDefaultsToNeither() throws IOException {
        assertThat(load(SITE, SECTIONS).clients()).isEqualTo(Clients.DEFAULT);
        Clients clients = load(SITE + """
                trustedProxies: ["10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "::1"]
                politePolling:
                  grace: 5
                """, SECTIONS).clients();
        assertThat(clients.trustedProxies()).containsExactly("10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "::1");
        assertThat(clients.politePolling()).isTrue();
        assertThat(clients.pollingGrace()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "trustedProxies: 10.0.0.0/8",
                "trustedProxies: [\"proxy.example\"]",
                "trustedProxies: [\"10.0.0.0/33\"]",
                "trustedProxies: [\"10.0.0.256\"]",
                "trustedProxies: [\"2001:db8::/129\"]",
                "trustedProxies: [\"10.0.0.0/\"]",
                "politePolling: yes",
                "politePolling: {grace: -1}",
                "politePolling: {every: 5}"
            })
    void rejectsBadClientSettings(String setting) throws IOException {
        assertThat(rejection(SITE + setting + "\n", SECTIONS)).hasMessageContaining("site.yaml:");
    }

    @Test
    void rejectsABaseUrlOverrideThatIsNotAUrl() throws IOException {
        Site site = load(SITE, SECTIONS);

        ConfigException e = catchThrowableOfType(
                ConfigException.class, () -> ConfigLoader.withBaseUrl(site, Optional.of("not a url"), 8080));

        assertThat(e).hasMessageContainingAll("LOA_BASE_URL", "not a URL");
    }

    @Test
    void fallsBackToLocalhostAndThePort() throws IOException {
        Site site = load(SITE, SECTIONS);

        assertThat(ConfigLoader.withBaseUrl(site, Optional.empty(), 8080).baseUrl())
                .isEqualTo("http://localhost:8080");
    }

    @Test
    void prefersTheOverrideToSiteYaml() throws IOException {
        Site site = load(SITE + "baseUrl: https://feeds.baohatinh.vn\n", SECTIONS);

        assertThat(ConfigLoader.withBaseUrl(site, Optional.empty(), 8080).baseUrl())
                .isEqualTo("https://feeds.baohatinh.vn");
        assertThat(ConfigLoader.withBaseUrl(site, Optional.of("https://tin.baohatinh.vn/"), 8080)
                        .baseUrl())
                .isEqualTo("https://tin.baohatinh.vn");
    }

    private Site load(String site, String sections) throws IOException {
        Files.writeString(dir.resolve("site.yaml"), site);
        Files.writeString(dir.resolve("sections.yaml"), sections);
        return new ConfigLoader().load(dir);
    }

    private ConfigException rejection(String site, String sections) throws IOException {
        Files.writeString(dir.resolve("site.yaml"), site);
        Files.writeString(dir.resolve("sections.yaml"), sections);
        return rejection();
    }

    private ConfigException rejection() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader().load(dir));
        assertThat(e).as("a ConfigException").isNotNull();
        return e;
    }
}
