-- The host a dispatch request goes to (the URL's host, lower case), so that the queue sends at most a few requests
-- to one host at a time across all instances, and defers a host's pending requests while it is failing or has
-- asked to be left alone (Retry-After) without counting those as attempts. Requests queued before this column
-- existed have the empty host and share one such limit until they are settled.
ALTER TABLE dispatch_request ADD COLUMN host VARCHAR(255) DEFAULT '' NOT NULL;

CREATE INDEX dispatch_request_host_idx ON dispatch_request (host, state);
CREATE INDEX dispatch_request_claimed_idx ON dispatch_request (claimed_until);
