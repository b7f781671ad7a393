package io.loa.http;

/**
 * How an error is told to a browser on a path that is one of the site's pages: as a page of the site, where an
 * API client or a feed reader gets {@code application/problem+json}.
 */
public interface PageErrors {

    /** Whether {@code path} is a page's, a browser's: not the API's, a feed's or an operator's. */
    boolean covers(String path);

    /** The page that says {@code status} (an HTML {@link Representation}, with its Content-Security-Policy). */
    Representation page(int status);
}
