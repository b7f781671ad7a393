package io.loa.article;

import java.text.Normalizer;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Makes any input text safe to put in XML 1.0: drops the characters XML forbids (C0 controls but tab and line
 * breaks, lone surrogates, U+FFFE/U+FFFF) and the C1 controls, then normalises to NFC.
 */
public final class SafeText {

    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    private SafeText() {}

    /** Text with its line breaks kept, for HTML bodies. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (allowed(c)) {
                out.appendCodePoint(c);
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    /**
     * One line of plain text: markup removed, entities decoded, runs of white space made one space. Read as HTML
     * again, as many readers read titles, the result is the same text: {@code &lt;img onerror=…&gt;} decodes to
     * markup, so decoding goes on until nothing changes.
     */
    public static String plain(String text) {
        if (text == null) {
            return null;
        }
        String current = SafeText.of(text);
        while (true) {
            // Entities such as &#1; decode to characters dropped only now, so white space is collapsed once more.
            String decoded = SafeText.of(Jsoup.parseBodyFragment(current).text());
            String next = WHITE_SPACE.matcher(decoded).replaceAll(" ").strip();
            // Each round that changes anything shortens the text, so this ends.
            if (next.equals(current)) {
                return next;
            }
            current = next;
        }
    }

    static boolean allowed(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return true;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            return false;
        }
        if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
            return false; // only unpaired ones get here: codePointAt joins valid pairs
        }
        return c != 0xFFFE && c != 0xFFFF;
    }
}
