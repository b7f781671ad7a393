-- Search. Each article's words as readers type them (lower case, without diacritics: "Đảng" is "dang"), one row
-- per article, written with it; every instance keeps an index of them in memory.
CREATE TABLE article_words (
    article_id VARCHAR(128) NOT NULL,
    words      TEXT         NOT NULL,
    CONSTRAINT article_words_pk PRIMARY KEY (article_id),
    CONSTRAINT article_words_article_fk FOREIGN KEY (article_id) REFERENCES article (id) ON DELETE CASCADE
);

-- Every write of an article gives it the next revision, so an index learns of writes made through any instance by
-- reading the articles revised since the newest revision it holds. Rows written before this column existed have
-- revision 0 and no words until the server fills them in at start-up.
CREATE SEQUENCE article_revision START WITH 1;
ALTER TABLE article ADD COLUMN revision BIGINT DEFAULT 0 NOT NULL;
-- With the id, so that reading which articles were revised lately never visits the table.
CREATE INDEX article_revision_idx ON article (revision, id);
