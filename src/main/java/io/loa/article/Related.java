package io.loa.article;

/**
 * A live article as another one shows it among its related articles ("Đọc thêm"): its title, where it is read,
 * and its lead image, or null when it has none.
 */
public record Related(String id, String slug, String title, String url, Image lead) {

    /** Where the article can be read, as {@link Article#link} says. */
    public String link(String baseUrl) {
        return Article.link(url, slug, baseUrl);
    }
}
