package io.loa.search;

/**
 * Names a rendered search result in the search cache: the query as typed, which page, and in which format (a feed's
 * extension, or {@code html} for the search page). Any indexed change drops every one of them.
 */
public record SearchKey(String text, String format, int page) {}
