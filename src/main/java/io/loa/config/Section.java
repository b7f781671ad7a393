package io.loa.config;

/**
 * A topic section ("Chủ đề"): the unit a feed is published for.
 *
 * @param maxAge seconds readers and proxies may keep its feeds before asking again
 */
public record Section(String slug, String title, String description, int maxAge) {}
