package io.loa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Articles to post in tests, built from the sample page (the same file the demo content comes from). */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /** The sample article "Thực hiện toàn diện, đồng bộ và hiệu quả công tác dân vận", with a canonical URL. */
    public static ObjectNode sampleArticle(String baseUrl) {
        ObjectNode article = (ObjectNode) demoArticles(baseUrl).get(0);
        article.put(
                "url", "https://baohatinh.vn/thuc-hien-toan-dien-dong-bo-va-hieu-qua-cong-tac-dan-van-post256090.html");
        article.put("author", "Thu Phương");
        return article;
    }

    /** The demo articles as editors would send them; the first is the sample article, the others its teasers. */
    public static ArrayNode demoArticles(String baseUrl) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/demo/articles.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{base}", baseUrl);
            return (ArrayNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small valid article in one section. */
    public static ObjectNode article(String title, String section, String published) {
        ObjectNode article = JSON.createObjectNode();
        article.put("title", title);
        article.putArray("sections").add(section);
        article.put("published", published);
        article.put("summary", "Tóm tắt: " + title);
        article.put("body", "<p>" + title + "</p>");
        return article;
    }

    /** The article with one more picture, 1200 by 800; the first one added is its lead image. */
    public static ObjectNode withImage(ObjectNode article, String url, String alt) {
        article.withArray("images")
                .addObject()
                .put("url", url)
                .put("alt", alt)
                .put("width", 1200)
                .put("height", 800);
        return article;
    }

    /** The article with these tags, after any it has, in this order. */
    public static ObjectNode withTags(ObjectNode article, String... tags) {
        ArrayNode list = article.withArray("tags");
        for (String tag : tags) {
            list.add(tag);
        }
        return article;
    }

    /** The article naming these ids, in this order, as its related articles ("Đọc thêm"). */
    public static ObjectNode withRelated(ObjectNode article, String... ids) {
        ArrayNode related = article.putArray("related");
        for (String id : ids) {
            related.add(id);
        }
        return article;
    }
}
