package io.loa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;

/** No input, however hostile, reaches a feed as markup or makes one unparseable. */
@AddLifecycleHook(ServerPerClass.Hook.class)
class HostileInputTest {

    /** Lone surrogates cannot travel as UTF-8, only as JSON escapes: LONE marks where the request gets one. */
    static final String CONTROLS = "\u0000\u0001\u0008\u000B\u000C\u001B\u001F\u0085\uFFFE\uFFFFLONE";

    static final String HOSTILE_BODY = "<p onclick=\"steal()\">Tin <b>nóng</b>" + CONTROLS + "</p>"
            + "<script>alert('x')</script><style>body{display:none}</style>"
            + "<img src=\"https://baohatinh.vn/a.jpg\" onerror=\"alert(1)\" alt=\"ảnh\">"
            + "<a href=\"javascript:alert(1)\">bấm</a><a href=\"JaVaScRiPt:alert(2)\">nữa</a>"
            + "<a href=\"jav&#x09;ascript:alert(3)\">ba</a><iframe src=\"https://evil.example/\"></iframe>"
            + "<svg onload=alert(4)></svg><a title=\"]]>\" href=\"https://baohatinh.vn/\">]]></a>"
            + "<form action=\"https://evil.example/\"><input name=q></form>";

    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static String token;

    @BeforeContainer
    static void start() {
        server = loa.server();
        token = server.token("desk");
    }

    @Example
    void scriptsHandlersAndJavascriptUrlsNeverReachAFeed() throws Exception {
        ObjectNode article = Fixtures.article(
                "Tiêu đề <script>alert(1)</script>" + CONTROLS + " “an toàn”", "thoi-su", "2024-09-01T08:00:00+07:00");
        article.put("summary", "Tóm tắt <img src=x onerror=alert(1)>" + CONTROLS);
        article.put("author", "Phóng viên\u0000\u0007");
        article.put("body", HOSTILE_BODY);
        String json = article.toString().replace("LONE", "\\ud800");
        assertThat(server.put("/api/articles/hostile", json, token).statusCode())
                .isEqualTo(201);

        for (String format : List.of("rss", "atom")) {
            byte[] bytes = server.getBytes("/feeds/thoi-su." + format).body();
            SyndFeed feed = TestServer.parse(bytes);
            SyndEntry entry = feed.getEntries().stream()
                    .filter(e -> e.getUri().endsWith(":article:hostile"))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.getTitle()).isEqualTo("Tiêu đề “an toàn”");
            assertThat(entry.getAuthor()).isEqualTo("Phóng viên");
            String html = entry.getContents().stream()
                    .map(SyndContent::getValue)
                    .findFirst()
                    .orElseThrow();
            assertThat(html.toLowerCase(Locale.ROOT))
                    .doesNotContain(
                            "<script",
                            "<style",
                            "<iframe",
                            "<svg",
                            "<form",
                            "onerror",
                            "onclick",
                            "onload",
                            "javascript:",
                            "alert(");
            assertThat(html).contains("Tin <b>nóng</b>", "alt=\"ảnh\"", "href=\"https://baohatinh.vn/\"");
            assertOnlyXmlCharacters(new String(bytes, StandardCharsets.UTF_8));
        }
        JsonNode stored =
                Fixtures.JSON.readTree(server.get("/api/articles/hostile").body());
        assertThat(stored.get("summary").asText()).isEqualTo("Tóm tắt");
    }

    @Property(tries = 60)
    void anyTextInAnyFieldLeavesEveryFeedParseable(
            @ForAll("hostileText") String title, @ForAll("hostileText") String body) {
        ObjectNode article = Fixtures.article("Bài " + title, "lich-su", "2024-09-02T08:00:00+07:00");
        article.put("summary", title);
        article.put("body", body);
        article.put("author", title);
        int status =
                server.put("/api/articles/fuzzed", article.toString(), token).statusCode();
        assertThat(status).isIn(200, 201);

        for (String path : List.of("/feeds/lich-su.rss", "/feeds/lich-su.atom", "/feeds/all.rss", "/feeds/all.atom")) {
            byte[] bytes = server.getBytes(path).body();
            TestServer.parse(bytes);
            assertOnlyXmlCharacters(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    @Provide
    Arbitrary<String> hostileText() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings()
                        .withChars(CONTROLS.replace("LONE", "").toCharArray())
                        .ofMaxLength(5),
                Arbitraries.of(
                        "<script>alert(1)</script>",
                        "]]>",
                        "<![CDATA[",
                        "&",
                        "&amp;",
                        "&#0;",
                        "&#x1F;",
                        "<img src=x onerror=alert(1)>",
                        "<a href='javascript:alert(1)'>",
                        "\"",
                        "“”",
                        "'",
                        "<",
                        ">",
                        "Đồng bộ",
                        "Việt Nam",
                        "\uD83D\uDCF0",
                        "<!--",
                        "-->",
                        "<?xml version='1.0'?>",
                        "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>&e;"));
        return pieces.list().ofMaxSize(8).map(list -> String.join("", list));
    }

    static void assertOnlyXmlCharacters(String xml) {
        assertThat(xml.codePoints()
                        .filter(c -> !(c == 0x9
                                || c == 0xA
                                || c == 0xD
                                || (c >= 0x20 && c <= 0xD7FF)
                                || (c >= 0xE000 && c <= 0xFFFD)
                                || (c >= 0x10000 && c <= 0x10FFFF))))
                .as("characters XML 1.0 forbids")
                .isEmpty();
    }
}
