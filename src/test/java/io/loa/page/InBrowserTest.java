package io.loa.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People who open a feed in a real browser (headless Chromium) see a readable page, while feed readers get the
 * feed. Screenshots go to target/screenshots/ for people to look at.
 */
class InBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static TestServer server;

    @TempDir
    static Path profile;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "Chromium is not installed at " + CHROMIUM + " (apt-get install chromium): the browser checks are skipped");
        server = TestServer.start(Map.of("LOA_DEMO", "true"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFeedOpenedInABrowserIsAReadablePageWithHowToSubscribe() throws Exception {
        for (String feed : List.of("/feeds/thoi-su.rss", "/feeds/thoi-su.atom")) {
            String dom = chromium("--dump-dom", server.baseUrl() + feed);
            assertThat(dom).as(feed)
                    .contains("Đây là một nguồn tin")
                    .contains(server.baseUrl() + feed)
                    .contains("Danh sách Ban Lễ tang Tổng Bí thư Nguyễn Phú Trọng")
                    .doesNotContain("&lt;rss", "&lt;feed");
        }
        Files.createDirectories(SCREENSHOTS);
        chromium("--screenshot=" + SCREENSHOTS.resolve("feed-thoi-su.png").toAbsolutePath(), "--window-size=1000,1400",
                server.baseUrl() + "/feeds/thoi-su.rss");
        assertThat(SCREENSHOTS.resolve("feed-thoi-su.png")).isNotEmptyFile();
    }

    @Test
    void theHomePageShowsEverySectionInABrowser() throws Exception {
        String dom = chromium("--dump-dom", server.baseUrl() + "/");
        assertThat(dom).contains("Báo Hà Tĩnh", "Thời sự", "Du lịch", "danh sách OPML");
        Files.createDirectories(SCREENSHOTS);
        chromium("--screenshot=" + SCREENSHOTS.resolve("home.png").toAbsolutePath(), "--window-size=1000,1400",
                server.baseUrl() + "/");
        assertThat(SCREENSHOTS.resolve("home.png")).isNotEmptyFile();
    }

    @Test
    void feedReadersStillGetTheFeedTypeAndBrowsersPlainXml() {
        var reader = server.send(HttpRequest.newBuilder(server.uri("/feeds/thoi-su.rss"))
                .header("Accept", "application/rss+xml, application/atom+xml, text/xml;q=0.9, */*;q=0.1"));
        assertThat(reader.headers().firstValue("Content-Type")).contains("application/rss+xml; charset=utf-8");
        var browser = server.send(HttpRequest.newBuilder(server.uri("/feeds/thoi-su.rss"))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertThat(browser.headers().firstValue("Content-Type")).contains("application/xml; charset=utf-8");
        assertThat(browser.headers().firstValue("Vary")).contains("Accept, Accept-Encoding");
        assertThat(browser.body()).isEqualTo(reader.body());
        assertThat(browser.headers().firstValue("ETag")).isNotEqualTo(reader.headers().firstValue("ETag"));
    }

    private static String chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
