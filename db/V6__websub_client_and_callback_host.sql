-- What the hub bounds per subscriber. host is the callback's host name, lower case, without scheme or port
-- (an IPv6 address keeps its brackets): requests waiting for verification, failed requests kept and
-- subscriptions are counted per host, whatever ports a host's callbacks use. client is the address a request
-- came from, for the bound on requests waiting per client; requests filed before it was kept have none.
ALTER TABLE websub_request ADD COLUMN client VARCHAR(64);
ALTER TABLE websub_request ADD COLUMN host VARCHAR(300);
ALTER TABLE websub_subscription ADD COLUMN host VARCHAR(300);

-- The host of the rows already there, read from their origin (scheme://host[:port]).
UPDATE websub_request SET host = LOWER(SUBSTRING(origin FROM POSITION('://' IN origin) + 3));
UPDATE websub_request SET host = SUBSTRING(host FROM 1 FOR POSITION(']' IN host)) WHERE host LIKE '[%';
UPDATE websub_request SET host = SUBSTRING(host FROM 1 FOR POSITION(':' IN host) - 1)
    WHERE host NOT LIKE '[%' AND host LIKE '%:%';
UPDATE websub_subscription SET host = LOWER(SUBSTRING(origin FROM POSITION('://' IN origin) + 3));
UPDATE websub_subscription SET host = SUBSTRING(host FROM 1 FOR POSITION(']' IN host)) WHERE host LIKE '[%';
UPDATE websub_subscription SET host = SUBSTRING(host FROM 1 FOR POSITION(':' IN host) - 1)
    WHERE host NOT LIKE '[%' AND host LIKE '%:%';

ALTER TABLE websub_request ALTER COLUMN host SET NOT NULL;
ALTER TABLE websub_subscription ALTER COLUMN host SET NOT NULL;

CREATE INDEX websub_request_client_idx ON websub_request (client, next_attempt_at);
CREATE INDEX websub_request_host_idx ON websub_request (host, next_attempt_at);
CREATE INDEX websub_subscription_host_idx ON websub_subscription (host);
