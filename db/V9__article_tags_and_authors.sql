-- Tags (keywords) of an article, beside its sections: the tag's slug, and its label as the editor wrote it.
-- published_at is repeated here, as in article_section, so a tag's newest articles come straight from one index.
CREATE TABLE article_tag (
    article_id   VARCHAR(128)             NOT NULL,
    tag          VARCHAR(80)              NOT NULL,
    label        VARCHAR(100)             NOT NULL,
    position     INTEGER                  NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT article_tag_pk PRIMARY KEY (article_id, tag),
    CONSTRAINT article_tag_article_fk FOREIGN KEY (article_id) REFERENCES article (id) ON DELETE CASCADE
);

CREATE INDEX article_tag_latest_idx ON article_tag (tag, published_at, article_id);

-- The author's slug, for the author's feed and page, newest first from one index. Written with the article;
-- rows written before it existed are filled in by the server at start-up (a slug is not computable in SQL).
ALTER TABLE article ADD COLUMN author_slug VARCHAR(80);

CREATE INDEX article_author_latest_idx ON article (author_slug, published_at, id);

-- The change log names feeds, not only sections: author/{slug} and tag/{slug} are longer than a section's slug.
ALTER TABLE feed_change ALTER COLUMN section SET DATA TYPE VARCHAR(128);
