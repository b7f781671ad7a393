-- Deletions by time, for tombstones: recent ones only, without scanning every article. A table of its own
-- rather than an index on article.deleted_at, which the "deleted_at IS NULL" filter of every feed query
-- would tempt the planner into (H2 then sorts a whole table instead of reading the published_at index).
CREATE TABLE article_deletion (
    article_id VARCHAR(128)             NOT NULL,
    deleted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT article_deletion_pk PRIMARY KEY (article_id),
    CONSTRAINT article_deletion_article_fk FOREIGN KEY (article_id) REFERENCES article (id) ON DELETE CASCADE
);

CREATE INDEX article_deletion_at_idx ON article_deletion (deleted_at, article_id);
