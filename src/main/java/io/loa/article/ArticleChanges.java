package io.loa.article;

/** Told of every committed write, after it commits and before it is acknowledged, so caches and subscribers follow. */
@FunctionalInterface
public interface ArticleChanges {

    void changed(Change change);
}
