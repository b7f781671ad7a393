-- Articles dated in the future are stored but shown nowhere until their time: scheduled is true from such a
-- write until the release, which clears it and logs the feed changes in one transaction. Visibility is this
-- flag, not a comparison with the clock, so every instance shows an article from the same commit on.
ALTER TABLE article ADD COLUMN scheduled BOOLEAN DEFAULT FALSE NOT NULL;

-- The articles due for release, oldest first, straight from the index.
CREATE INDEX article_scheduled_idx ON article (scheduled, published_at, id);
