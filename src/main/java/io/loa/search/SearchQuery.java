package io.loa.search;

import io.loa.article.ArticleWords;
import io.loa.article.SafeText;
import io.loa.fault.Malformed;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a reader searched for ({@code ?q=}): the text as typed, tidied, and its words as the index holds them, so
 * "dan van", "Dân vận" and "DÂN  VẬN" find the same articles.
 *
 * @param text the query as typed, cleaned as an article's title is ({@link SafeText#plain}: no character XML forbids,
 *     no markup, NFC, runs of white space made one space): what pages and feeds show, in their titles too
 * @param words its distinct words, folded ({@link ArticleWords#split})
 */
public record SearchQuery(String text, List<String> words) {

    /** Longer queries are not searches people type; counted in characters (code points). */
    public static final int MAX_LENGTH = 200;

    private static final int MAX_SENT = 4 * MAX_LENGTH;
    /** Every word is one more set to intersect. */
    public static final int MAX_WORDS = 10;

    /** The query in {@code q}, or a 400 that says what is wrong with it. */
    public static SearchQuery parse(String q) {
        if (q == null || q.isBlank()) {
            throw new Malformed("Say what to search for: ?q= followed by a word or more, such as ?q=dan+van.");
        }
        // Cleaning costs a parse per level of markup it unwraps: the text as sent is bounded first (decomposed
        // Vietnamese, as some keyboards send it, takes up to three characters for one).
        if (characters(q) > MAX_SENT) {
            throw tooLong(characters(q));
        }
        // It reaches feed titles, which many readers read as HTML, and XML, which refuses some characters.
        String text = SafeText.plain(q);
        if (characters(text) > MAX_LENGTH) {
            throw tooLong(characters(text));
        }
        Set<String> words = new LinkedHashSet<>(ArticleWords.split(text));
        if (words.isEmpty()) {
            throw new Malformed("q has no word to search for: letters or digits, of at most " + ArticleWords.MAX_WORD
                    + " characters each.");
        }
        if (words.size() > MAX_WORDS) {
            throw new Malformed("q has " + words.size() + " different words; a search has at most " + MAX_WORDS + ".");
        }
        return new SearchQuery(text, List.copyOf(words));
    }

    /** Characters as readers count them (code points): an emoji is one, not two UTF-16 units. */
    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    private static Malformed tooLong(int length) {
        return new Malformed("q is " + length + " characters long; a search is at most " + MAX_LENGTH + ".");
    }

    /** The query as a URL's query string: {@code q=d%C3%A2n+v%E1%BA%ADn}. */
    public String param() {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
