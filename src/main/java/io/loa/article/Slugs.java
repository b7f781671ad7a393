package io.loa.article;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns titles (Vietnamese above all) into URL slugs: "Đồng bộ và hiệu quả" becomes "dong-bo-va-hieu-qua". */
public final class Slugs {

    static final int MAX_LENGTH = 80;
    static final String FALLBACK = "bai-viet";
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** The marks that NFD gives Latin letters and digits ("ậ" is a, then two marks). */
    private static final Pattern LATIN_MARKS = Pattern.compile("(?<=[\\p{IsLatin}\\p{N}])\\p{M}+");

    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");

    private Slugs() {}

    /** A slug of lower-case ASCII letters, digits and single hyphens; never empty. */
    public static String of(String title) {
        return ofName(title).orElse(FALLBACK);
    }

    /**
     * The slug of a name (an author, a tag), made as {@link #of} makes a title's; empty when the name has no letter
     * or digit a slug keeps ("—", "中国"), so that it cannot name a feed or page of its own.
     */
    public static Optional<String> ofName(String name) {
        String slug = trimHyphens(NOT_SLUG.matcher(fold(name)).replaceAll("-"));
        if (slug.length() > MAX_LENGTH) {
            int cut = slug.lastIndexOf('-', MAX_LENGTH);
            slug = trimHyphens(slug.substring(0, cut > 0 ? cut : MAX_LENGTH));
        }
        return slug.isEmpty() ? Optional.empty() : Optional.of(slug);
    }

    /**
     * The text as readers type it without diacritics, in lower case: "Đảng" is "dang", "dân vận" is "dan van". What
     * slugs are made of, and what search compares.
     */
    public static String fold(String text) {
        return fold(text, MARKS);
    }

    /**
     * The text as {@link #fold} gives it, with only the marks of Latin letters and digits taken off: other scripts
     * keep theirs ("が" stays apart from "か", Devanagari keeps its vowel signs), where slugs keep no such letter
     * anyway. What search compares.
     */
    static String foldLatin(String text) {
        return Normalizer.normalize(fold(text, LATIN_MARKS), Normalizer.Form.NFC);
    }

    private static String fold(String text, Pattern marks) {
        // Đ/đ are letters of their own, not D plus a mark, so NFD keeps them; Ð/ð (U+00D0/U+00F0) stand in for them in
        // some texts.
        String latin =
                text.replace('đ', 'd').replace('Đ', 'D').replace('ð', 'd').replace('Ð', 'D');
        return marks.matcher(Normalizer.normalize(latin, Normalizer.Form.NFD))
                .replaceAll("")
                .toLowerCase(Locale.ROOT);
    }

    /** Whether {@code slug} is one {@link #ofName} gives to some name: it keeps it as it is. */
    public static boolean isName(String slug) {
        return ofName(slug).filter(slug::equals).isPresent();
    }

    /** The n-th candidate for a slug already taken: {@code slug-2}, {@code slug-3}, … */
    static String numbered(String slug, int n) {
        return n == 1 ? slug : slug + "-" + n;
    }

    private static String trimHyphens(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }
}
