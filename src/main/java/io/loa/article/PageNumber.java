package io.loa.article;

import io.loa.fault.Malformed;

/** The {@code page} query parameter of a paged document: feeds, archives' pages, searches. */
public final class PageNumber {

    private PageNumber() {}

    /**
     * The page number in {@code value} ({@code null}: the first), or a 400 when it is not a whole number from 1 to
     * {@code last}; {@code why} ends the message (".", or why there are no more pages).
     */
    public static int parse(String value, int last, String why) {
        if (value == null) {
            return 1;
        }
        try {
            int page = Integer.parseInt(value);
            if (page >= 1 && page <= last) {
                return page;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Malformed("page must be a whole number from 1 to " + last + why);
    }
}
