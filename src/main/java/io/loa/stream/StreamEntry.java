package io.loa.stream;

import java.time.Instant;
import java.util.Set;

/** One change in the stream, at its position: the article it touched and the feeds and pages it changed. */
public record StreamEntry(long position, ChangeKind kind, String articleId, String slug, Set<String> feeds,
                          Set<String> shownOn, Instant at) {}
