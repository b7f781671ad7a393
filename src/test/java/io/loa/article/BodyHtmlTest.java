package io.loa.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyHtmlTest {

    private static final String BASE = "https://baohatinh.vn/thoi-su/dan-van-2023.html";

    private static final List<String> HOSTILE_URLS = List.of(
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "  javascript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "jav&#9;ascript:alert(1)",
            "java\nscript:alert(1)",
            "&#106;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "&Tab;javascript:alert(1)",
            "\u0001javascript:alert(1)",
            "&#x0E;javascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "DATA:image/svg+xml,<svg onload=alert(1)>",
            "vbscript:msgbox(1)",
            " VBScript:msgbox(1)",
            "ftp://example.com/x",
            "file:///etc/passwd",
            "http:\\\\evil.example",
            "http:evil",
            "//evil.example/x",
            "../anh/1.jpg",
            "/anh/2.jpg",
            "?trang=2",
            "#binh-luan",
            "",
            "https://baohatinh.vn/a]]>b",
            "HTTPS://BAOHATINH.VN/A",
            "mailto:toasoan@baohatinh.vn",
            "https://bad host/x");

    @Test
    void keepsParagraphsLinksAndLists() {
        String html = "<p>Năm 2023, <a href=\"https://baohatinh.vn/dan-van\" title=\"Dân vận\">công tác dân vận</a> có"
                + " chuyển biến.</p><ul><li>Dân biết</li><li>dân bàn</li></ul><ol><li>Một</li><li>Hai</li></ol>";
        assertThat(BodyHtml.clean(html, BASE)).isEqualTo(html);
    }

    @Test
    void keepsQuotesAndFiguresWithImagesAndCaptions() {
        String html = "<blockquote><p>“Dân biết, dân bàn, dân làm, dân kiểm tra”</p></blockquote>"
                + "<figure><img src=\"https://baohatinh.vn/anh/hoi-nghi.jpg\" alt=\"Hội nghị\">"
                + "<figcaption>Chủ trì hội nghị.</figcaption></figure>";
        assertThat(BodyHtml.clean(html, BASE)).isEqualTo(html);
    }

    @Test
    void keepsMailtoLinks() {
        String html = "<p><a href=\"mailto:toasoan@baohatinh.vn\">Tòa soạn</a></p>";
        assertThat(BodyHtml.clean(html, BASE)).isEqualTo(html);
    }

    @Test
    void removesScriptsStylesAndFramesWithWhatIsInThem() {
        String html = "<p>Tin</p><script>alert(1)</script><style>p { color: red }</style>"
                + "<iframe src=\"https://evil.example\">khung</iframe><p>mới</p>";
        assertThat(BodyHtml.clean(html, BASE)).isEqualTo("<p>Tin</p><p>mới</p>");
    }

    @Test
    void removesEventHandlersAndStyles() {
        String html = "<p onclick=\"alert(1)\" style=\"color:red\">Tin</p>"
                + "<img src=\"https://baohatinh.vn/a.jpg\" alt=\"a\" onerror=\"alert(1)\" ONLOAD=\"alert(2)\">";
        assertThat(BodyHtml.clean(html, BASE))
                .isEqualTo("<p>Tin</p><img src=\"https://baohatinh.vn/a.jpg\" alt=\"a\">");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript:alert(1)",
                "JavaScript:alert(1)",
                "  javascript:alert(1)",
                "jav&#x09;ascript:alert(1)",
                "jav&#x0A;ascript:alert(1)",
                "&#106;avascript:alert(1)",
                "javascript&colon;alert(1)",
                "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
                "vbscript:msgbox(1)",
                " VBSCRIPT:msgbox(1)"
            })
    void removesLinksThatRunCode(String url) {
        assertThat(BodyHtml.clean("<a href=\"" + url + "\">Xem</a>", BASE)).isEqualTo("<a>Xem</a>");
        assertThat(BodyHtml.clean("<img src=\"" + url + "\" alt=\"Ảnh\">", BASE))
                .isEqualTo("<img alt=\"Ảnh\">");
    }

    @Test
    void makesRelativeLinksAbsolute() {
        String html = "<p><a href=\"../lich-su/vi-tuyen-17.html\">Vĩ tuyến 17</a> <a href=\"/du-lich\">Du lịch</a>"
                + " <a href=\"//cdn.baohatinh.vn/a.pdf\">PDF</a></p><img src=\"anh/1.jpg\" alt=\"\">";
        assertThat(BodyHtml.clean(html, BASE))
                .isEqualTo("<p><a href=\"https://baohatinh.vn/lich-su/vi-tuyen-17.html\">Vĩ tuyến 17</a>"
                        + " <a href=\"https://baohatinh.vn/du-lich\">Du lịch</a>"
                        + " <a href=\"https://cdn.baohatinh.vn/a.pdf\">PDF</a></p>"
                        + "<img src=\"https://baohatinh.vn/thoi-su/anh/1.jpg\" alt=\"\">");
    }

    @Test
    void escapesTheEndOfACdataSection() {
        String clean = BodyHtml.clean("<p title=\"]]>\">a ]]> b</p><a href=\"https://baohatinh.vn/a]]>b\">x</a>", BASE);
        assertThat(clean).doesNotContain("]]>");
        Element body = Jsoup.parseBodyFragment(clean).body();
        assertThat(body.select("p").text()).isEqualTo("a ]]> b");
        assertThat(body.select("a").attr("href")).isEqualTo("https://baohatinh.vn/a]]>b");
    }

    @Test
    void givesEmptyTextForNothing() {
        assertThat(BodyHtml.clean(null, BASE)).isEmpty();
        assertThat(BodyHtml.clean(" \n ", BASE)).isEmpty();
    }

    @Property(tries = 2000)
    void leavesNothingThatRunsCodeOrLeavesTheWeb(@ForAll("hostileHtml") String html) {
        String clean = BodyHtml.clean(html, BASE);
        assertThat(clean).doesNotContain("]]>");
        List<Element> elements = Jsoup.parseBodyFragment(clean).body().getAllElements();
        assertThat(elements)
                .extracting(Element::normalName)
                .doesNotContain("script", "style", "iframe", "object", "embed", "svg", "math", "form", "base", "meta");
        for (Element element : elements) {
            for (Attribute attribute : element.attributes()) {
                assertThat(attribute.getKey().toLowerCase(Locale.ROOT))
                        .doesNotStartWith("on")
                        .isNotEqualTo("style");
                if (List.of("href", "src", "cite").contains(attribute.getKey())) {
                    assertThat(attribute.getValue()).matches("(?s)(http://|https://|mailto:).*");
                }
            }
        }
    }

    @Provide
    Arbitrary<String> hostileHtml() {
        Arbitrary<String> tag = Arbitraries.of(
                "p",
                "a",
                "img",
                "ul",
                "ol",
                "li",
                "blockquote",
                "q",
                "figure",
                "figcaption",
                "div",
                "span",
                "table",
                "td",
                "script",
                "SCRIPT",
                "style",
                "iframe",
                "object",
                "embed",
                "svg",
                "math",
                "form",
                "base",
                "meta",
                "noscript",
                "template",
                "textarea",
                "title",
                "xmp",
                "video");
        Arbitrary<String> url = Arbitraries.of(HOSTILE_URLS);
        Arbitrary<String> attribute = Arbitraries.oneOf(
                url.map(u -> "href=\"" + u + "\""),
                url.map(u -> "src='" + u + "'"),
                url.map(u -> "cite=\"" + u + "\""),
                url.map(u -> "xlink:href=\"" + u + "\""),
                url.map(u -> "action=\"" + u + "\""),
                Arbitraries.of(
                        "onclick=\"alert(1)\"",
                        "ONERROR=alert(1)",
                        "onmouseover='x()'",
                        "OnLoad=\"x\"",
                        "style=\"background:url(javascript:alert(1))\"",
                        "alt=\"Ảnh ]]> “đẹp”\"",
                        "title=']]>'",
                        "srcset=\"javascript:alert(1) 1x\"",
                        "formaction=javascript:alert(1)",
                        "/onload=alert(1)"));
        Arbitrary<String> openTag = Combinators.combine(
                        tag, attribute.list().ofMaxSize(3), Arbitraries.of(">", " />", ""))
                .as((name, attributes, end) ->
                        "<" + name + (attributes.isEmpty() ? "" : " " + String.join(" ", attributes)) + end);
        Arbitrary<String> closeTag = tag.map(name -> "</" + name + ">");
        Arbitrary<String> text = VietnameseText.titles().map(t -> t.replace("<", "&lt;"));
        Arbitrary<String> raw = Arbitraries.of(
                "<!-- ]]> -->",
                "<![CDATA[ <script>alert(1)</script> ]]>",
                "]]>",
                "]]&gt;",
                "<scr<script>ipt>alert(1)</script>",
                "<img src=x onerror=alert(1)//",
                "\"><script>alert(1)</script>",
                "<a href=\"javascript:alert(1)\"",
                "<svg><script>alert(1)</script></svg>",
                "<math><style>x</style></math>",
                "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
                "&lt;script&gt;");
        return Arbitraries.frequencyOf(Tuple.of(4, openTag), Tuple.of(2, closeTag), Tuple.of(3, text), Tuple.of(2, raw))
                .list()
                .ofMinSize(1)
                .ofMaxSize(15)
                .map(parts -> String.join("", parts));
    }
}
