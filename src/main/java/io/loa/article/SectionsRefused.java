package io.loa.article;

import java.util.Set;

/** A write would touch sections its writer may not write to; nothing was written. */
public final class SectionsRefused extends RuntimeException {

    private final Set<String> sections;

    public SectionsRefused(Set<String> sections) {
        super("sections " + sections, null, false, false);
        this.sections = Set.copyOf(sections);
    }

    /** Every section the write involved: the article's new ones and those it was in before. */
    public Set<String> sections() {
        return sections;
    }
}
