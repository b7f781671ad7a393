package io.loa.article;

/**
 * A keyword of an article, beside its sections: its label as the editor wrote it ({@code Biển Đông}) and the slug
 * its feed and page are named by ({@code bien-dong}, {@link Slugs#ofName}). Labels that give one slug are one tag.
 */
public record Tag(String slug, String label) {}
