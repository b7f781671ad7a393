package io.loa.stream;

/**
 * What a write did to its article. WITHDRAWN: an edit took a public article out of public view (re-embargoed);
 * SCHEDULED: a write stored an article that is not public yet; RESCHEDULED: an edit moved a not-yet-public
 * article's release time.
 */
public enum ChangeKind {
    PUBLISHED,
    UPDATED,
    WITHDRAWN,
    DELETED,
    RELEASED,
    RESTORED,
    SCHEDULED,
    RESCHEDULED
}
