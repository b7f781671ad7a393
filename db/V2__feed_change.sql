-- When each section's feed last changed, written in the same transaction as the change itself. It dates
-- deletions and moves (which no article's updated time records) for Last-Modified, and lets other instances
-- see which feeds changed without reading articles.
CREATE TABLE feed_change (
    section    VARCHAR(64)              NOT NULL,
    version    BIGINT                   NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT feed_change_pk PRIMARY KEY (section)
);
