package io.loa.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.article.ArticleReads;
import io.loa.article.ArticleWrites;
import io.loa.config.Site;
import io.loa.ingest.ArticleInput;
import io.loa.ingest.ArticleValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo newsroom: a Báo Hà Tĩnh article of 27 December 2023 in two sections, with its five photos, and the nine
 * "Đọc thêm" teasers of its page as articles of their own. Loaded into an empty database through the same
 * validation editors' articles go through. Its images are served by Loa under {@code /demo/images/}.
 */
public final class DemoContent {

    static final String ARTICLES = "/demo/articles.json";
    private static final Logger LOG = LoggerFactory.getLogger(DemoContent.class);

    private DemoContent() {}

    /** The demo articles, with image URLs on this site. */
    public static List<ArticleInput> articles(ObjectMapper json, Site site) {
        try (InputStream in = DemoContent.class.getResourceAsStream(ARTICLES)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{base}", site.baseUrl());
            return List.of(json.readValue(text, ArticleInput[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("The demo content " + ARTICLES + " is missing from the build", e);
        }
    }

    public static void loadIfEmpty(ArticleReads reads, ArticleWrites store, ObjectMapper json, Site site) {
        if (!reads.isEmpty()) {
            return;
        }
        ArticleValidator validator = new ArticleValidator(site);
        List<ArticleInput> articles = articles(json, site);
        for (ArticleInput article : articles) {
            store.put(validator.validate(article.id(), article));
        }
        LOG.info("Loaded {} demo articles into the empty database", articles.size());
    }
}
