-- The whole site's last change is the latest time in the log, which the (section, changed_at) index cannot give
-- without reading every section: this one answers it from its last entry.
CREATE INDEX feed_change_at_idx ON feed_change (changed_at);
