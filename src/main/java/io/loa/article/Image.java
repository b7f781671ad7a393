package io.loa.article;

/** One picture of an article, in order; the first is the lead image. Size and type are optional. */
public record Image(
        String url, String caption, String alt, String credit, Integer width, Integer height, String type) {}
