package io.loa.article;

import java.time.Instant;

/** What remains of a deleted article for feeds to announce its deletion (RFC 6721): its id and when. */
public record Tombstone(String articleId, Instant deleted) {}
