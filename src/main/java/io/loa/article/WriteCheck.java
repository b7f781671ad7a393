package io.loa.article;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a write checks on the article as it is once locked, inside the write's own transaction: whether the writer
 * may touch every section involved (the new ones, and those the stored article, live or deleted, is in), and
 * whether the live article is the version the writer expects. Checked any earlier, a concurrent write slips by.
 *
 * @param sections whether the writer may write to all of these sections
 * @param version whether the live article (empty when there is none) is the one the writer expects
 */
public record WriteCheck(Predicate<Set<String>> sections, Predicate<Optional<Article>> version) {

    /** A writer allowed everything, with no expectation of a version. */
    public static final WriteCheck ANY = new WriteCheck(sections -> true, live -> true);
}
