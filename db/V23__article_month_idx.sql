-- The sitemap index counts each month's live articles and takes the latest change among them. With every column
-- it reads in one index, both databases answer a month from the index alone instead of reading every article row
-- (at a million articles, the whole table on every write).
CREATE INDEX article_month_idx ON article (scheduled, published_at, deleted_at, changed_at);
