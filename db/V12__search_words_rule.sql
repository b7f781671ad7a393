-- Search. Which version of the word rule (io.loa.article.ArticleWords.RULE) made each article's words. Rows written
-- before the column existed were made by the first rule, which took only a-z and 0-9 ("Москва", "中国" and "ß" gave
-- no word); at start the server words anew every article whose words an older rule made.
ALTER TABLE article_words ADD COLUMN rule_version INT DEFAULT 1 NOT NULL;
