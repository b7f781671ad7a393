package io.loa.article;

/** Something derived from articles (a cached feed or page) that knows which changes make it stale. */
public interface ChangeSensitive {

    boolean changedBy(Change change);
}
