-- Tombstones are read by deletion time: recent deletions only, without scanning every article.
CREATE INDEX article_deleted_idx ON article (deleted_at);
