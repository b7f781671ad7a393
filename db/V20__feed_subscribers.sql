-- What hosted feed readers report of their subscribers in their User-Agent (Feedly's "123 subscribers" …), the
-- latest count per feed document, reader and the reader's own id for the feed ('' when it gives none). Written by
-- every instance in the background; a count replaces the stored one only if it was seen later.
CREATE TABLE feed_subscribers (
    feed        VARCHAR(200)             NOT NULL,
    format      VARCHAR(8)               NOT NULL,
    fetcher     VARCHAR(32)              NOT NULL,
    feed_id     VARCHAR(100)             NOT NULL,
    subscribers INTEGER                  NOT NULL,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT feed_subscribers_pk PRIMARY KEY (feed, format, fetcher, feed_id)
);
