-- The articles that name a given one as related, read by every write of that one: its title, lead image and
-- link show on their pages, and its link in their Atom entries.
CREATE INDEX article_related_reverse_idx ON article_related (related_id, article_id);
