package io.loa.search;

import io.loa.article.ArticleWords;
import io.loa.http.ProblemException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a reader searched for ({@code ?q=}): the text as typed, tidied, and its words as the index holds them, so
 * "dan van", "Dân vận" and "DÂN  VẬN" find the same articles.
 *
 * @param text the query as typed, in NFC with runs of white space made one space: what pages and feeds show
 * @param words its distinct words, folded ({@link ArticleWords#split})
 */
public record SearchQuery(String text, List<String> words) {

    /** Longer queries are not searches people type; counted in characters (code points). */
    public static final int MAX_LENGTH = 200;
    /** Every word is one more set to intersect. */
    public static final int MAX_WORDS = 10;

    /** The query in {@code q}, or a 400 that says what is wrong with it. */
    public static SearchQuery parse(String q) {
        if (q == null || q.isBlank()) {
            throw new ProblemException(400, "Say what to search for: ?q= followed by a word or more, such as ?q=dan+van.");
        }
        String text = Normalizer.normalize(q, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ");
        // Characters as readers count them (code points): an emoji is one, not two UTF-16 units.
        int length = text.codePointCount(0, text.length());
        if (length > MAX_LENGTH) {
            throw new ProblemException(400, "q is " + length + " characters long; a search is at most "
                    + MAX_LENGTH + ".");
        }
        Set<String> words = new LinkedHashSet<>(ArticleWords.split(text));
        if (words.isEmpty()) {
            throw new ProblemException(400, "q has no word to search for: letters or digits, of at most "
                    + ArticleWords.MAX_WORD + " characters each.");
        }
        if (words.size() > MAX_WORDS) {
            throw new ProblemException(400, "q has " + words.size() + " different words; a search has at most "
                    + MAX_WORDS + ".");
        }
        return new SearchQuery(text, List.copyOf(words));
    }

    /** The query as a URL's query string: {@code q=d%C3%A2n+v%E1%BA%ADn}. */
    public String param() {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
