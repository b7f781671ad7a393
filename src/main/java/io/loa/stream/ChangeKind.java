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
    RESCHEDULED;

    /**
     * Whether the public saw the change: an article published, changed, taken out of view or back into it. An article
     * scheduled, or moved to another time while still scheduled, was not public before the change nor after it.
     */
    public boolean seenInPublic() {
        return switch (this) {
            case PUBLISHED, UPDATED, WITHDRAWN, DELETED, RELEASED, RESTORED -> true;
            case SCHEDULED, RESCHEDULED -> false;
        };
    }
}
