package io.loa.audience;

/**
 * What a hosted reader says in its User-Agent of the feed it fetches: how many of its users subscribe to it and,
 * where it says so, its own id for the feed (a reader that fetches one URL for several of its feeds gives each its
 * id, and reports each one's count).
 * <pre>
 * Feedly/1.0 (+http://www.feedly.com/fetcher.html; 123 subscribers; feed-id=feed/http://…)
 * Mozilla/5.0 (compatible; Inoreader/1.0; https://www.inoreader.com; 45 subscribers)
 * Feedbin feed-id:1234 - 67 subscribers
 * NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/…
 * Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 3 subscribers)
 * … 8 readers …
 * </pre>
 *
 * @param feedId the reader's id for the feed, at most {@link #MAX_FEED_ID} characters, or {@code ""} when it gives
 *     none
 */
public record SubscriberReport(int subscribers, String feedId) {

    static final int MAX_FEED_ID = 100;
    /** More than any reader has for one feed: a larger number is someone's joke, not a count. */
    static final int MAX_SUBSCRIBERS = 10_000_000;

    /**
     * The report a User-Agent carries, or null. Read by hand rather than by a regex: most User-Agents have no
     * report, and those without a digit are passed over in one scan.
     */
    public static SubscriberReport parse(String userAgent) {
        if (userAgent == null || !hasDigit(userAgent)) {
            return null;
        }
        int count = count(userAgent, "subscriber");
        if (count < 0) {
            count = count(userAgent, "reader");
        }
        return count < 0 ? null : new SubscriberReport(count, feedId(userAgent));
    }

    private static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** The number right before {@code word} ({@code 123 subscribers}), or -1. */
    private static int count(String userAgent, String word) {
        for (int at = indexOfIgnoreCase(userAgent, word, 0); at >= 0; at = indexOfIgnoreCase(userAgent, word, at + 1)) {
            int end = at;
            while (end > 0 && userAgent.charAt(end - 1) == ' ') {
                end--;
            }
            int start = end;
            while (start > 0 && Character.isDigit(userAgent.charAt(start - 1)) && userAgent.charAt(start - 1) < 128) {
                start--;
            }
            if (start < end
                    && end < at
                    && end - start <= 9
                    && (start == 0 || !isWordChar(userAgent.charAt(start - 1)))) {
                int count = Integer.parseInt(userAgent, start, end, 10);
                return count <= MAX_SUBSCRIBERS ? count : -1;
            }
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '/';
    }

    /** {@code feed-id=X} or {@code feed-id:X} up to a space, {@code ;} or {@code )}; {@code ""} when absent. */
    private static String feedId(String userAgent) {
        int at = indexOfIgnoreCase(userAgent, "feed-id", 0);
        if (at < 0) {
            at = indexOfIgnoreCase(userAgent, "feedid", 0);
            if (at < 0) {
                return "";
            }
            at += "feedid".length();
        } else {
            at += "feed-id".length();
        }
        if (at >= userAgent.length() || (userAgent.charAt(at) != '=' && userAgent.charAt(at) != ':')) {
            return "";
        }
        int start = at + 1;
        int end = start;
        while (end < userAgent.length() && " ;)".indexOf(userAgent.charAt(end)) < 0) {
            end++;
        }
        return userAgent.substring(start, Math.min(end, start + MAX_FEED_ID));
    }

    private static int indexOfIgnoreCase(String text, String word, int from) {
        for (int i = from; i <= text.length() - word.length(); i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return i;
            }
        }
        return -1;
    }
}
