package io.loa.stream;

/** What a change in the stream did to its article. */
public enum ChangeKind { PUBLISHED, UPDATED, WITHDRAWN, DELETED, RELEASED, RESTORED, SCHEDULED, RESCHEDULED }
