package io.loa.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jdom2.Element;
import org.jdom2.IllegalDataException;
import org.junit.jupiter.api.Test;

class SafeTextTest {

    /** Text put together from pieces, with the pieces SafeText must keep written down as well. */
    private record Mixed(String input, String kept) {}

    private static final List<String> FORBIDDEN = forbiddenCharacters();

    @Test
    void leavesASampleSentenceAlone() {
        String sentence = "Phong trào thi đua “Dân vận khéo\" được chú trọng đổi mới; toàn tỉnh có 1.743 mô hình 👍";
        assertThat(SafeText.of(sentence)).isEqualTo(sentence);
    }

    @Test
    void dropsControlCharactersButKeepsTabsAndLineBreaks() {
        assertThat(SafeText.of("Hà\u0000 Tĩnh\u0007\t\u001B2023\r\n\u0085\u009Fvà\u007F\uFFFE\uFFFF"))
                .isEqualTo("Hà Tĩnh\t2023\r\nvà");
    }

    @Test
    void dropsLoneSurrogatesButKeepsPairs() {
        assertThat(SafeText.of("a\uD83D b\uDE00 c\uD83D\uDE00")).isEqualTo("a b c😀");
    }

    @Test
    void composesDecomposedVietnameseLetters() {
        String decomposed = Normalizer.normalize("Đồng bộ và hiệu quả", Normalizer.Form.NFD);
        assertThat(SafeText.of(decomposed)).isEqualTo("Đồng bộ và hiệu quả");
    }

    @Test
    void passesNullThrough() {
        assertThat(SafeText.of(null)).isNull();
        assertThat(SafeText.plain(null)).isNull();
    }

    @Test
    void plainDropsScriptsWithWhatIsInThem() {
        assertThat(SafeText.plain("<script>alert(1)</script>Tin mới")).isEqualTo("Tin mới");
    }

    @Test
    void plainDropsTagsButKeepsTheirText() {
        assertThat(SafeText.plain("<p><b>Hà Tĩnh</b> <i>hôm nay</i></p>")).isEqualTo("Hà Tĩnh hôm nay");
    }

    @Test
    void plainDecodesEntities() {
        assertThat(SafeText.plain("Tôm &amp; cua &quot;ngon&quot; &#x1F600;")).isEqualTo("Tôm & cua \"ngon\" 😀");
    }

    @Test
    void plainCollapsesWhiteSpaceIntoSingleSpaces() {
        assertThat(SafeText.plain("  Xin\n\n chào\t\tbạn\r\n  ")).isEqualTo("Xin chào bạn");
    }

    // "&#1;" becomes a control character only after jsoup has collapsed white space; dropping it must not leave two
    // spaces.
    @Test
    void plainCollapsesWhiteSpaceAroundAnEncodedControlCharacter() {
        assertThat(SafeText.plain("Hà &#1; Tĩnh")).isEqualTo("Hà Tĩnh");
    }

    @Test
    void jdomRefusesTheRawInputThatSafeTextCleans() {
        assertThatThrownBy(() -> new Element("x").setText("Hà\u0001Tĩnh")).isInstanceOf(IllegalDataException.class);
        assertThat(new Element("x").setText(SafeText.of("Hà\u0001Tĩnh")).getText())
                .isEqualTo("HàTĩnh");
    }

    @Property
    void keepsOnlyCharactersXmlAllows(@ForAll("anyText") String text) {
        assertThat(SafeText.of(text).codePoints())
                .allMatch(SafeTextTest::isXmlCharacter)
                .noneMatch(SafeTextTest::isControl);
    }

    @Property
    void givesNfc(@ForAll("anyText") String text) {
        assertThat(Normalizer.isNormalized(SafeText.of(text), Normalizer.Form.NFC))
                .isTrue();
    }

    @Property
    void givesTextThatFitsInAJdomElementAndAttribute(@ForAll("anyText") String text) {
        String out = SafeText.of(text);
        assertThat(new Element("x").setText(out).getText()).isEqualTo(out);
        assertThat(new Element("x").setAttribute("title", out).getAttributeValue("title"))
                .isEqualTo(out);
    }

    @Property
    void dropsExactlyTheCharactersXmlForbids(@ForAll("mixedText") Mixed text) {
        assertThat(SafeText.of(text.input())).isEqualTo(text.kept());
    }

    @Property
    void leavesCleanVietnameseTextAlone(@ForAll("cleanTitles") String text) {
        assertThat(SafeText.of(text)).isEqualTo(text);
    }

    @Property
    void plainKeepsOnlyCharactersXmlAllowsInNfc(@ForAll("anyText") String text) {
        String out = SafeText.plain(text);
        assertThat(out.codePoints()).allMatch(SafeTextTest::isXmlCharacter).noneMatch(SafeTextTest::isControl);
        assertThat(Normalizer.isNormalized(out, Normalizer.Form.NFC)).isTrue();
        assertThat(new Element("x").setText(out).getText()).isEqualTo(out);
    }

    @Property
    void plainGivesOneLineWithSingleSpacesAndNoMarkup(@ForAll("markedUpText") String html) {
        assertThat(SafeText.plain(html))
                .doesNotContain("\n", "\r", "\t", "  ", "alert(1)", "color: red", "<b>", "</p>")
                .isEqualTo(SafeText.plain(html).strip());
    }

    @Property
    void plainKeepsTheWordsOfCleanVietnameseText(@ForAll("cleanTitles") String text) {
        String words = String.join(" ", text.replace('\u00A0', ' ').strip().split("\\s+"));
        assertThat(SafeText.plain(text.replace("&", "&amp;").replace("<", "&lt;")))
                .isEqualTo(words);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings(),
                Arbitraries.strings().all(),
                Arbitraries.strings().withChars(String.join("", FORBIDDEN)).withChars("\uD800\uDBFF\uDC00\uDFFF abc"),
                mixedText().map(Mixed::input),
                VietnameseText.titles());
    }

    @Provide
    Arbitrary<String> cleanTitles() {
        return VietnameseText.cleanTitles();
    }

    @Provide
    Arbitrary<Mixed> mixedText() {
        Arbitrary<Mixed> kept = Arbitraries.oneOf(
                        VietnameseText.cleanTitles(),
                        Arbitraries.of(
                                "😀",
                                "𝔸",
                                "\uD83C\uDDFB\uD83C\uDDF3",
                                "\t",
                                "\n",
                                "\r\n",
                                "\uE000",
                                "\uFFFD",
                                "\uFDD0"))
                .map(text -> new Mixed(text, text));
        Arbitrary<Mixed> dropped = Arbitraries.of(FORBIDDEN).map(text -> new Mixed(text, ""));
        return Arbitraries.frequencyOf(Tuple.of(2, kept), Tuple.of(3, dropped))
                .list()
                .ofMaxSize(20)
                .map(parts -> new Mixed(
                        String.join("", parts.stream().map(Mixed::input).toList()),
                        String.join("", parts.stream().map(Mixed::kept).toList())));
    }

    @Provide
    Arbitrary<String> markedUpText() {
        return Arbitraries.frequencyOf(
                        Tuple.of(
                                6,
                                VietnameseText.cleanTitles()
                                        .map(text -> text.replace("&", "&amp;").replace("<", "&lt;"))),
                        Tuple.of(4, Arbitraries.of(" ", "  ", "\n", "\t", "\r\n", " \n\t ", "&nbsp;", "\u00A0")),
                        Tuple.of(
                                3,
                                Arbitraries.of(
                                        "<b>",
                                        "</b>",
                                        "<p>",
                                        "</p>",
                                        "<br>",
                                        "<i>",
                                        "</i>",
                                        "<a href=\"/x\">",
                                        "</a>",
                                        "<!-- ghi chú -->",
                                        "<script>alert(1)</script>",
                                        "<style>p { color: red }</style>",
                                        "<img src=x onerror=alert(1)>",
                                        "<h2>",
                                        "</h2>",
                                        "<li>",
                                        "</ul>")),
                        Tuple.of(
                                1,
                                Arbitraries.of(
                                        "&amp;", "&quot;", "&#39;", "&#x1F600;", "&#1;", "&#xFFFE;", "&#x81;", "&#0;")),
                        Tuple.of(1, Arbitraries.of(FORBIDDEN)))
                .list()
                .ofMaxSize(25)
                .map(parts -> String.join("", parts));
    }

    /** Everything XML 1.0 forbids, the C1 controls, and surrogates cut off from their partners. */
    private static List<String> forbiddenCharacters() {
        List<String> chars = new ArrayList<>();
        for (int c = 0; c <= 0x1F; c++) {
            if (c != '\t' && c != '\n' && c != '\r') {
                chars.add(Character.toString(c));
            }
        }
        for (int c = 0x7F; c <= 0x9F; c++) {
            chars.add(Character.toString(c));
        }
        // A high surrogate before something not a low one, and a low one after something not a high one.
        chars.addAll(List.of("\uFFFE", "\uFFFF", "\uD83D\u0001", "\u0001\uDE00", "\uDBFF\u0085", "\u0000\uDC00"));
        return List.copyOf(chars);
    }

    private static boolean isXmlCharacter(int c) {
        return c == 0x9
                || c == 0xA
                || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static boolean isControl(int c) {
        return (c >= 0x7F && c <= 0x9F) || (c < 0x20 && c != 0x9 && c != 0xA && c != 0xD);
    }
}
