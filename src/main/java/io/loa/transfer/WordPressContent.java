package io.loa.transfer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * A WordPress post's content as HTML: {@code [caption]} shortcodes become {@code <figure>} with
 * {@code <figcaption>}, media shortcodes Loa cannot play go, and paragraphs that WordPress keeps as blank lines
 * (its "autop") become {@code <p>}. The result still goes through the article sanitizer.
 */
final class WordPressContent {

    private static final Pattern CAPTION =
            Pattern.compile("\\[caption([^\\]]*)\\](.*?)\\[/caption\\]", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern CAPTION_ATTRIBUTE = Pattern.compile("caption=\"([^\"]*)\"");
    /** The image a caption is about, with the link around it if there is one. */
    private static final Pattern IMAGE = Pattern.compile(
            "^\\s*((?:<a\\b[^>]*>\\s*)?<img\\b[^>]*>(?:\\s*</a>)?)(.*)$", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private static final Pattern MEDIA = Pattern.compile(
            "\\[(gallery|audio|video|playlist)\\b[^\\]]*\\](?:.*?\\[/\\1\\])?",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern EMBED =
            Pattern.compile("\\[embed\\b[^\\]]*\\](.*?)\\[/embed\\]", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern BLOCK = Pattern.compile(
            "^<(p|div|figure|h[1-6]|ul|ol|li|blockquote|table|thead|tbody|tr|pre|hr|dl|address|section|!--)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BLOCK_END = Pattern.compile(
            "</(p|div|figure|h[1-6]|ul|ol|li|blockquote|table|thead|tbody|tr|td|th|pre|dl|address|section)>$|<hr\\s*/?>$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n");

    private WordPressContent() {}

    static String html(String content) {
        if (content == null) {
            return null;
        }
        String html = content.replace("\r\n", "\n").replace('\r', '\n');
        html = CAPTION.matcher(html).replaceAll(WordPressContent::figure);
        html = MEDIA.matcher(html).replaceAll("");
        html = EMBED.matcher(html)
                .replaceAll(m -> Matcher.quoteReplacement(
                        "<a href=\"" + Entities.escape(m.group(1).strip()) + "\">"
                                + Entities.escape(m.group(1).strip()) + "</a>"));
        return paragraphs(html);
    }

    private static String figure(java.util.regex.MatchResult caption) {
        Matcher image = IMAGE.matcher(caption.group(2));
        if (!image.matches()) {
            return Matcher.quoteReplacement(caption.group(2));
        }
        Matcher attribute = CAPTION_ATTRIBUTE.matcher(caption.group(1));
        String text = attribute.find() ? attribute.group(1) : image.group(2).strip();
        return Matcher.quoteReplacement(
                "<figure>" + image.group(1).strip() + "<figcaption>" + text + "</figcaption></figure>");
    }

    /** WordPress's autop, in short: text between blank lines is a paragraph, a single newline a line break. */
    /** Single newlines are line breaks, except beside a block element, which breaks the line itself. */
    private static String lineBreaks(String block) {
        String[] lines = block.split("\n");
        StringBuilder out = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            boolean beside = BLOCK_END.matcher(lines[i - 1].strip()).find()
                    || BLOCK.matcher(lines[i].strip()).find()
                    || lines[i].strip().startsWith("</");
            out.append(beside ? "\n" : "<br>\n").append(lines[i]);
        }
        return out.toString();
    }

    private static String paragraphs(String html) {
        StringBuilder out = new StringBuilder();
        for (String block : BLANK_LINES.split(html.strip())) {
            String trimmed = block.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (BLOCK.matcher(trimmed).find()) {
                out.append(trimmed);
            } else {
                out.append("<p>").append(lineBreaks(trimmed)).append("</p>");
            }
            out.append('\n');
        }
        return out.toString().strip();
    }
}
