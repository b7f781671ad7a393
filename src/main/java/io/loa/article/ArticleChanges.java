package io.loa.article;

import java.util.Set;

/** Told after a write commits which sections it touched, so readers' caches and subscribers can follow. */
@FunctionalInterface
public interface ArticleChanges {

    void changed(Set<String> sections);
}
