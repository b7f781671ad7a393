package io.loa.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * People who open a feed in a real browser (headless Chromium) see a readable page rendered by Loa, with no XSLT
 * and so no notice that it is going away, while feed readers get the feed; Loa's pages render whole under their
 * Content-Security-Policy. Screenshots go to target/screenshots/ for people to look at.
 */
class InBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults().demo());

    static TestServer server;
    /** The page of a demo article with five images, all served by Loa. */
    static String article;

    @TempDir
    static Path profile;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM),
                "Chromium is not installed at " + CHROMIUM
                        + " (apt-get install chromium): the browser checks are skipped");
        server = loa.server();
        article = Fixtures.JSON
                .readTree(server.get("/api/articles/dan-van-2023").body())
                .get("link")
                .asText();
    }

    @Test
    void aFeedOpenedInABrowserIsAReadablePageWithHowToSubscribe() throws Exception {
        for (String feed : List.of("/feeds/thoi-su.rss", "/feeds/thoi-su.atom", "/feeds/thoi-su.json")) {
            Run run = chromium("--dump-dom", server.baseUrl() + feed);
            assertThat(run.out())
                    .as(feed)
                    .contains("Đây là một nguồn tin")
                    .contains("value=\"" + server.baseUrl() + feed + "\"")
                    .contains("Danh sách Ban Lễ tang Tổng Bí thư Nguyễn Phú Trọng")
                    .doesNotContain("xslt-warning-banner", "&lt;rss", "&lt;feed", "\"version\":");
            assertThat(run.console()).as(feed).noneMatch(line -> line.contains("Content Security Policy"));
        }
        Path shot = SCREENSHOTS.resolve("feed-thoi-su.png").toAbsolutePath();
        Files.createDirectories(SCREENSHOTS);
        chromium("--screenshot=" + shot, "--window-size=1000,1400", server.baseUrl() + "/feeds/thoi-su.rss");
        BufferedImage image = ImageIO.read(shot.toFile());
        // The page's stylesheet applies: a cream page, and the box that says how to subscribe in beige.
        assertThat(image.getRGB(5, 5) & 0xffffff).isEqualTo(0xfffdf8);
        assertThat(pixels(image, 0xf3ead9)).isGreaterThan(50_000);
    }

    @Test
    void anArchiveOpenedInABrowserShowsItsItemsWithTheirLeadImages() throws Exception {
        String archive = server.baseUrl() + "/feeds/hoat-dong-lanh-dao-tinh/archive/2023-12.rss";
        Run run = chromium("--dump-dom", archive);
        assertThat(run.out())
                .contains("Lưu trữ tháng 12/2023", "Thực hiện toàn diện, đồng bộ và hiệu quả công tác" + " dân vận")
                .doesNotContain("xslt-warning-banner");
        assertThat(run.console()).noneMatch(line -> line.contains("Content Security Policy"));
        Path shot = SCREENSHOTS.resolve("feed-archive-2023-12.png").toAbsolutePath();
        Files.createDirectories(SCREENSHOTS);
        chromium("--screenshot=" + shot, "--window-size=1000,1400", archive);
        // The demo's first image is a blue panel, shown 20rem wide as the item's lead image.
        assertThat(pixels(ImageIO.read(shot.toFile()), 0x0b5394)).isGreaterThan(40_000);
    }

    @Test
    void theHomePageShowsEverySectionInABrowser() throws Exception {
        String dom = chromium("--dump-dom", server.baseUrl() + "/").out();
        assertThat(dom).contains("Báo Hà Tĩnh", "Thời sự", "Du lịch", "danh sách OPML");
        Files.createDirectories(SCREENSHOTS);
        chromium(
                "--screenshot=" + SCREENSHOTS.resolve("home.png").toAbsolutePath(),
                "--window-size=1000,1400",
                server.baseUrl() + "/");
        assertThat(SCREENSHOTS.resolve("home.png")).isNotEmptyFile();
    }

    @Test
    void aSearchWithoutDiacriticsShowsItsMatchesAndItsFeedsInABrowser() throws Exception {
        String page = server.baseUrl() + "/search?q=dan+van";
        String dom = chromium("--dump-dom", page).out();
        assertThat(dom)
                .contains(
                        "Tìm kiếm: dan van",
                        "Thực hiện toàn diện, đồng bộ và hiệu quả công tác dân vận",
                        "Theo dõi tìm kiếm này");
        Files.createDirectories(SCREENSHOTS);
        Path shot = SCREENSHOTS.resolve("search.png").toAbsolutePath();
        chromium("--screenshot=" + shot, "--window-size=1000,1400", page);
        assertThat(shot).isNotEmptyFile();
    }

    @Test
    void everyPageRendersWithNothingRefusedByItsContentSecurityPolicy() throws Exception {
        // A page that refuses its own style shows that a refusal would be seen below.
        assertThat(chromium(
                                "--dump-dom",
                                "data:text/html,<meta http-equiv=Content-Security-Policy content=\"style-src"
                                        + " 'none'\"><style>b{}</style>")
                        .console())
                .anyMatch(line -> line.contains("Content Security Policy"));
        for (String page : List.of(
                server.baseUrl() + "/",
                server.baseUrl() + "/sections/thoi-su",
                article,
                server.baseUrl() + "/feeds/all.json",
                server.baseUrl() + "/feeds/thoi-su.atom?page=1",
                server.baseUrl() + "/authors/bao-ha-tinh",
                server.baseUrl() + "/tags/tong-bi-thu-nguyen-phu-trong",
                server.baseUrl() + "/feeds/tag/tong-bi-thu-nguyen-phu-trong.rss",
                server.baseUrl() + "/search?q=dan+van",
                server.baseUrl() + "/feeds/search.atom?q=dang")) {
            Run run = chromium("--dump-dom", page);
            assertThat(run.out()).as(page).contains("Báo Hà Tĩnh");
            assertThat(run.console()).as(page).noneMatch(line -> line.contains("Content Security Policy"));
        }
    }

    @Test
    void anArticlePageUnderItsPolicyIsStyledAndShowsItsImages() throws Exception {
        Path shot = SCREENSHOTS.resolve("article-dan-van.png").toAbsolutePath();
        Files.createDirectories(SCREENSHOTS);
        chromium("--screenshot=" + shot, "--window-size=1000,1400", article);
        BufferedImage image = ImageIO.read(shot.toFile());
        // The inline stylesheet paints the page cream; the demo's first image is a blue panel 736 pixels wide.
        assertThat(image.getRGB(5, 5) & 0xffffff).isEqualTo(0xfffdf8);
        assertThat(pixels(image, 0x0b5394)).isGreaterThan(100_000);
    }

    @Test
    void anArticlePageShowsItsSectionsAndRelatedArticlesWithTheirImagesUnderItsPolicy() throws Exception {
        String token = server.token("browser");
        // Lead images in colours found nowhere else on the page: the brown and purple demo panels.
        put(
                token,
                "anh-nau",
                Fixtures.withImage(
                        Fixtures.article(
                                "Mỗi thanh niên Hà Tĩnh là một \"đại sứ\" du lịch",
                                "du-lich",
                                "2024-07-20T08:00:00+07:00"),
                        server.baseUrl() + "/demo/images/dan-van-4.svg",
                        "Thanh niên"));
        put(
                token,
                "anh-tim",
                Fixtures.withImage(
                        Fixtures.article("Danh dự của người đảng viên", "xay-dung-dang", "2024-07-21T08:00:00+07:00"),
                        server.baseUrl() + "/demo/images/dan-van-5.svg",
                        "Đảng viên"));
        String page = put(
                token,
                "co-doc-them",
                Fixtures.withRelated(
                        Fixtures.article("Bài có đọc thêm", "thoi-su", "2024-07-22T08:00:00+07:00"),
                        "anh-nau",
                        "vi-sao-la-vi-tuyen-17",
                        "khong-co",
                        "anh-tim"));

        Run run = chromium("--dump-dom", page);
        assertThat(run.out())
                .contains("Chủ đề", "Thời sự", "Đọc thêm")
                .containsSubsequence("Mỗi thanh niên Hà Tĩnh", "Vì sao là Vĩ tuyến 17?", "Danh dự của người đảng viên");
        assertThat(run.console()).noneMatch(line -> line.contains("Content Security Policy"));
        Path shot = SCREENSHOTS.resolve("article-related.png").toAbsolutePath();
        Files.createDirectories(SCREENSHOTS);
        chromium("--screenshot=" + shot, "--window-size=1000,1400", page);
        BufferedImage image = ImageIO.read(shot.toFile());
        // Each thumbnail is 8rem wide: about 128 by 85 pixels of its colour.
        assertThat(pixels(image, 0xb45f06)).isGreaterThan(5_000);
        assertThat(pixels(image, 0x674ea7)).isGreaterThan(5_000);
    }

    /** Puts an article through the editors' API and returns its link. */
    private static String put(String token, String id, ObjectNode article) throws IOException {
        var response = server.put("/api/articles/" + id, article.toString(), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Fixtures.JSON.readTree(response.body()).get("link").asText();
    }

    @Test
    void feedReadersStillGetTheFeedAndBrowsersThePage() {
        var reader = server.send(HttpRequest.newBuilder(server.uri("/feeds/thoi-su.rss"))
                .header("Accept", "application/rss+xml, application/atom+xml, text/xml;q=0.9, */*;q=0.1"));
        assertThat(reader.headers().firstValue("Content-Type")).contains("application/rss+xml; charset=utf-8");
        var browser = server.send(HttpRequest.newBuilder(server.uri("/feeds/thoi-su.rss"))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertThat(browser.headers().firstValue("Content-Type")).contains("text/html;charset=utf-8");
        for (var response : List.of(reader, browser)) {
            assertThat(response.headers().firstValue("Vary")).contains("Accept, Accept-Encoding");
        }
        assertThat(browser.headers().firstValue("ETag"))
                .isNotEqualTo(reader.headers().firstValue("ETag"));
    }

    private static long pixels(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return count;
    }

    /** What Chromium printed, and the lines its pages wrote to the console (where it reports refused loads). */
    record Run(String out, List<String> console) {}

    private static Run chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(profile, "chromium", ".log");
        Process process =
                new ProcessBuilder(command).redirectError(log.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        List<String> console = Files.readAllLines(log).stream()
                .filter(line -> line.contains(":CONSOLE"))
                .toList();
        return new Run(new String(out, StandardCharsets.UTF_8), console);
    }
}
