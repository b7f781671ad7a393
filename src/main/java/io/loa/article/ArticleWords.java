package io.loa.article;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;

/**
 * The words search finds an article by: those of its title, summary, body and image captions, folded as readers type
 * them, each once. A query's words are split the same way, so both sides always agree.
 *
 * <p>A word is a run of letters and digits of any script, compared as {@link Slugs#foldLatin} folds it (lower case,
 * Latin without diacritics: "Đảng" is "dang"), after NFKC (full-width "ＡＢＣ" is "abc") and with "ß" as "ss".
 * Han, Hiragana and Katakana are written without spaces, so each of their characters is a word of its own, as
 * simple engines do (Lucene's StandardTokenizer emits ideographs one by one): "中国" finds the articles that hold
 * both 中 and 国, with no dictionary to know where a word ends.
 */
public final class ArticleWords {

    /**
     * The version of this rule. Words are stored with the version that made them, and articles stored under an
     * older one are worded anew at start ({@link Backfills#words}, from a migration): 1 took only a-z and 0-9.
     */
    public static final int RULE = 2;
    /** Longer runs of letters and digits are not words people type (encoded data, long URLs): they are left out. */
    public static final int MAX_WORD = 40;

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
        String folded = Slugs.foldLatin(Normalizer.normalize(text, Normalizer.Form.NFKC))
                .replace("ß", "ss");
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < folded.length(); ) {
            int c = folded.codePointAt(i);
            i += Character.charCount(c);
            if (!(Character.isLetterOrDigit(c) || isMark(c) && !word.isEmpty())) {
                add(words, word);
            } else if (standsAlone(c)) {
                add(words, word);
                words.add(Character.toString(c));
            } else {
                word.appendCodePoint(c);
            }
        }
        add(words, word);
        return words;
    }

    private static void add(List<String> words, StringBuilder word) {
        if (!word.isEmpty() && word.codePointCount(0, word.length()) <= MAX_WORD) {
            words.add(word.toString());
        }
        word.setLength(0);
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean standsAlone(int c) {
        UnicodeScript script = UnicodeScript.of(c);
        return script == UnicodeScript.HAN || script == UnicodeScript.HIRAGANA || script == UnicodeScript.KATAKANA;
    }
}
