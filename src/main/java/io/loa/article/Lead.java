package io.loa.article;

import java.text.BreakIterator;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * An article's lead as readers see it under the headline: the editor's summary, or, where the editor gave none, the
 * opening sentences of the body's text. Every feed item and headline then has a preview: readers show an empty one
 * otherwise, and the W3C feed validator asks for an RSS description before content:encoded. Derived whenever a
 * document is written and never stored, so the article as stored (and as the editors' API shows it) keeps what the
 * editor sent.
 */
final class Lead {

    /** A lead is a few sentences, as an editor's sapo is. */
    static final int MAX_SENTENCES = 3;
    /** Characters (code points) at most: about what readers' previews show, well within a summary's own bound. */
    static final int MAX_LENGTH = 300;

    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    private Lead() {}

    /** The summary if there is one, else the body's opening sentences, cut at a word; null when neither has text. */
    static String of(String summary, String body, String language) {
        if (summary != null || body == null || body.isEmpty()) {
            return summary;
        }
        Element text = Jsoup.parseBodyFragment(body).body();
        // Captions and tables are not the story's opening.
        text.select("figure, figcaption, table").remove();
        String plain = WHITE_SPACE.matcher(text.text()).replaceAll(" ").strip();
        return plain.isEmpty() ? null : opening(plain, Locale.forLanguageTag(language == null ? "" : language));
    }

    private static String opening(String text, Locale locale) {
        BreakIterator sentences = BreakIterator.getSentenceInstance(locale);
        sentences.setText(text);
        int end = 0;
        for (int count = 0, boundary = sentences.next();
                count < MAX_SENTENCES && boundary != BreakIterator.DONE;
                count++, boundary = sentences.next()) {
            if (text.codePointCount(0, boundary) > MAX_LENGTH) {
                break;
            }
            end = boundary;
        }
        if (end > 0) {
            return text.substring(0, end).strip();
        }
        // The first sentence alone is too long: cut it at the last space within the bound (anywhere in a script
        // written without spaces), and say that it goes on.
        int limit = text.offsetByCodePoints(0, MAX_LENGTH);
        int space = text.lastIndexOf(' ', limit);
        return text.substring(0, space > 0 ? space : limit).strip() + "…";
    }
}
