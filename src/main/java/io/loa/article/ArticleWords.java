package io.loa.article;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * The words search finds an article by: those of its title, summary, body and image captions, folded as readers type
 * them ({@link Slugs#fold}), each once. A query's words are split the same way, so both sides always agree.
 */
public final class ArticleWords {

    /** Longer runs of letters and digits are not words people type (encoded data, long URLs): they are left out. */
    public static final int MAX_WORD = 40;
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");

    private ArticleWords() {}

    /** The article's distinct words, separated by spaces, as stored and indexed. */
    public static String of(Article article) {
        Set<String> words = new LinkedHashSet<>();
        words.addAll(split(article.title()));
        words.addAll(split(article.summary()));
        if (article.body() != null) {
            words.addAll(split(Jsoup.parseBodyFragment(article.body()).text()));
        }
        for (Image image : article.images()) {
            words.addAll(split(image.caption()));
        }
        return String.join(" ", words);
    }

    /** The words of a text, in order, repeats included; none for null. */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        for (String word : NOT_WORD.split(Slugs.fold(text))) {
            if (!word.isEmpty() && word.length() <= MAX_WORD) {
                words.add(word);
            }
        }
        return words;
    }
}
