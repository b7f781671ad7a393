package io.loa.transfer;

import io.loa.article.Article;
import io.loa.article.ArticleBounds;
import io.loa.article.ArticleStore;
import io.loa.article.StoredArticle;
import io.loa.http.ProblemException;
import io.loa.ingest.ArticleInput;
import io.loa.ingest.ArticleValidator;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jooq.exception.DataAccessException;

/**
 * Takes what a source hands over into the store: each article validated and cleaned as an editor's {@code PUT}
 * is, written (or, in a dry run, compared), and counted. Feeds changed by the import are announced to WebSub
 * once each, at the end.
 */
final class Importer implements ImportSink {

    /** What one run did. */
    static final class Tally {
        int imported;
        int updated;
        int unchanged;
        final Map<String, Integer> skipped = new TreeMap<>();
        final Map<String, Integer> leftOut = new TreeMap<>();

        int skippedCount() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }

        String summary(boolean dryRun) {
            String verb = dryRun ? "would be " : "";
            return verb + "imported " + imported + ", " + verb + "updated " + updated + ", unchanged " + unchanged
                    + ", skipped " + skippedCount() + counts(skipped)
                    + (leftOut.isEmpty() ? "" : ", left out " + leftOut.values().stream().mapToInt(Integer::intValue)
                    .sum() + counts(leftOut));
        }

        private static String counts(Map<String, Integer> byReason) {
            return byReason.isEmpty() ? "" : byReason.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(", ", " (", ")"));
        }
    }

    private final ArticleStore store;
    private final ArticleValidator validator;
    private final CategoryMap categories;
    private final boolean dryRun;
    private final PrintStream report;
    private final Runnable step;
    private final StopRequest stop;
    private final Tally tally = new Tally();
    private final Set<String> changedFeeds = new LinkedHashSet<>();
    private final Map<String, Instant> restoredFeeds = new LinkedHashMap<>();

    /**
     * @param report where each skipped item is reported, with its position and reason
     * @param step called once per item handled (the progress bar)
     * @param stop asked for by a signal: no article is taken after it
     */
    Importer(ArticleStore store, ArticleValidator validator, CategoryMap categories, boolean dryRun,
             PrintStream report, Runnable step, StopRequest stop) {
        this.store = store;
        this.validator = validator;
        this.categories = categories;
        this.dryRun = dryRun;
        this.report = report;
        this.step = step;
        this.stop = stop;
    }

    Tally tally() {
        return tally;
    }

    @Override
    public void article(String position, Incoming in) {
        stop.check();
        try {
            put(position, in);
        } finally {
            step.run();
        }
    }

    private void put(String position, Incoming in) {
        List<String> sections = categories.sections(in.categories());
        if (sections.isEmpty()) {
            skip(position, "no section", "its categories (" + in.categories().stream().map(Incoming.Category::name)
                    .collect(Collectors.joining(", ")) + ") map to no section, and no --section was given");
            return;
        }
        List<String> tags = new ArrayList<>(in.tags());
        in.categories().stream().filter(c -> c.orTag() && categories.section(c).isEmpty())
                .forEach(c -> tags.add(c.name()));
        if (tags.size() > ArticleBounds.TAGS) {
            // A keyword list longer than Loa keeps is no reason to leave the article behind.
            report.println("note " + position + ": kept the first " + ArticleBounds.TAGS + " of its " + tags.size() + " tags");
            tags.subList(ArticleBounds.TAGS, tags.size()).clear();
        }
        ArticleInput input = new ArticleInput(in.id(), null, null, in.title(), in.summary(), in.body(), in.author(),
                null, in.url(), null, sections, tags, in.published(), in.updated(), in.images(), List.of(), null, null);
        Optional<Article> draft = validate(position, input);
        if (draft.isEmpty()) {
            return;
        }
        if (dryRun) {
            count(store.find(in.id()).map(current -> sameAs(current, draft.get())));
        } else {
            write(position, () -> {
                ArticleStore.Write write = store.put(draft.get());
                changedFeeds.addAll(write.sections());
                count(write.created() ? Optional.empty() : Optional.of(!write.changed()));
            });
        }
    }

    /** What a put of the draft would leave unchanged: the stored article, given its slug and updated time. */
    private static boolean sameAs(Article current, Article draft) {
        Instant updated = draft.updated() != null ? draft.updated() : current.updated();
        return current.equals(draft.withSlug(current.slug()).withUpdated(updated));
    }

    @Override
    public void restore(String position, Backup.ArticleLine line) {
        stop.check();
        try {
            restoreExactly(position, line);
        } finally {
            step.run();
        }
    }

    private void restoreExactly(String position, Backup.ArticleLine line) {
        Optional<Article> draft = validate(position, line.input());
        if (draft.isEmpty()) {
            return;
        }
        StoredArticle stored = line.stored(draft.get());
        if (dryRun) {
            count(store.find(stored.article().id()).map(current -> current.equals(stored.article())));
        } else {
            write(position, () -> {
                ArticleStore.Restored restored = store.restore(stored);
                count(restored == ArticleStore.Restored.CREATED ? Optional.empty()
                        : Optional.of(restored == ArticleStore.Restored.UNCHANGED));
            });
        }
    }

    @Override
    public void feedChanged(String feed, Instant at) {
        restoredFeeds.put(feed, at);
    }

    @Override
    public void leftOut(String position, String why) {
        tally.leftOut.merge(why, 1, Integer::sum);
        step.run();
    }

    @Override
    public void skip(String position, String reason) {
        skip(position, "unreadable", reason);
        step.run();
    }

    /** Announces the import's feed changes to WebSub, once per feed. */
    void finish() {
        if (dryRun) {
            return;
        }
        if (!restoredFeeds.isEmpty()) {
            store.restoreFeedChanges(restoredFeeds);
        }
        if (!changedFeeds.isEmpty()) {
            store.notifyChanged(changedFeeds);
        }
    }

    private Optional<Article> validate(String position, ArticleInput input) {
        try {
            return Optional.of(validator.validate(input.id(), input));
        } catch (ProblemException e) {
            skip(position, "invalid", e.errors().stream().map(f -> f.field() + " " + f.detail()).collect(Collectors.joining("; ")));
            return Optional.empty();
        }
    }

    /** @param unchanged empty for a new article, else whether the stored one stays as it was */
    private void count(Optional<Boolean> unchanged) {
        if (unchanged.isEmpty()) {
            tally.imported++;
        } else if (unchanged.get()) {
            tally.unchanged++;
        } else {
            tally.updated++;
        }
    }

    private void write(String position, Runnable write) {
        try {
            write.run();
        } catch (DataAccessException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            skip(position, "refused by the database", cause.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void skip(String position, String reason, String detail) {
        tally.skipped.merge(reason, 1, Integer::sum);
        report.println("skipped " + position + ": " + reason + ": " + detail);
    }
}
