package io.loa.token;

import java.util.Collection;
import java.util.Set;

/**
 * Whoever presented a valid token: its name, and the sections it may write to (empty: every section). It reads the
 * articles waiting for their publication date as it writes them: those of its sections only.
 */
public record Editor(String name, Set<String> sections) {

    public Editor {
        sections = Set.copyOf(sections);
    }

    public boolean mayWrite(Collection<String> articleSections) {
        return sections.isEmpty() || sections.containsAll(articleSections);
    }
}
