package io.loa.transfer;

import io.loa.article.Article;
import io.loa.article.ArticleBackup;
import io.loa.article.ArticleBounds;
import io.loa.article.ArticleReads;
import io.loa.article.ArticleWrites;
import io.loa.article.StoredArticle;
import io.loa.article.WriteCheck;
import io.loa.fault.Invalid;
import io.loa.fault.PreconditionFailed;
import io.loa.ingest.ArticleInput;
import io.loa.ingest.ArticleValidator;
import io.loa.stream.FeedChanges;
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
 * is, merged into the stored one ({@link ArticleMerge}), written (or, in a dry run, said), and counted. Every
 * running server follows its writes on the change stream; WebSub hears of the feeds it changed once each, at the
 * end.
 */
final class Importer implements ImportSink {

    /** A dry run says what it would do to this many articles, and how many more there are. */
    static final int PLAN_LINES = 1_000;
    /**
     * Restored articles written in one transaction: a commit per article made a bulk load's time and, on H2, its
     * file size (a chunk appended per commit) grow with the number of articles rather than with their bytes.
     */
    static final int RESTORE_BATCH = 500;

    /** What one run did. */
    static final class Tally {
        int imported;
        int updated;
        int unchanged;
        int kept;
        final Map<String, Integer> skipped = new TreeMap<>();
        final Map<String, Integer> leftOut = new TreeMap<>();

        int skippedCount() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }

        String summary(boolean dryRun) {
            String verb = dryRun ? "would be " : "";
            return verb + "imported " + imported + ", " + verb + "updated " + updated + ", unchanged " + unchanged
                    + (kept == 0 ? "" : ", kept " + kept + " (richer in the store)")
                    + ", skipped " + skippedCount() + counts(skipped)
                    + (leftOut.isEmpty()
                            ? ""
                            : ", left out "
                                    + leftOut.values().stream()
                                            .mapToInt(Integer::intValue)
                                            .sum() + counts(leftOut));
        }

        private static String counts(Map<String, Integer> byReason) {
            return byReason.isEmpty()
                    ? ""
                    : byReason.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining(", ", " (", ")"));
        }
    }

    private final ArticleReads store;
    private final ArticleWrites writes;
    private final ArticleBackup backup;
    private final FeedChanges feedChanges;
    private final ArticleValidator validator;
    private final CategoryMap categories;
    private final boolean dryRun;
    private final boolean overwrite;
    private final PrintStream plan;
    private final PrintStream report;
    private final Runnable step;
    private final StopRequest stop;
    private final Tally tally = new Tally();
    private int planned;
    private final Map<String, Instant> restoredFeeds = new LinkedHashMap<>();
    private final Set<String> changedFeeds = new LinkedHashSet<>();
    /** Restores read and not yet written, by id: written together once there are {@link #RESTORE_BATCH}. */
    private final Map<String, Restore> restores = new LinkedHashMap<>();

    private record Restore(String position, StoredArticle stored) {}

    /**
     * @param overwrite whether the source's values replace those of a richer stored article
     * @param plan where a dry run says what it would do to each article
     * @param report where each skipped item is reported, with its position and reason
     * @param step called once per item handled (the progress bar)
     * @param stop asked for by a signal: no article is taken after it
     */
    Importer(
            ArticleReads store,
            ArticleWrites writes,
            ArticleBackup backup,
            FeedChanges feedChanges,
            ArticleValidator validator,
            CategoryMap categories,
            boolean dryRun,
            boolean overwrite,
            PrintStream plan,
            PrintStream report,
            Runnable step,
            StopRequest stop) {
        this.store = store;
        this.writes = writes;
        this.backup = backup;
        this.feedChanges = feedChanges;
        this.validator = validator;
        this.categories = categories;
        this.dryRun = dryRun;
        this.overwrite = overwrite;
        this.plan = plan;
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
        Optional<Article> current = store.find(in.id());
        List<String> sections = categories.sections(in.categories());
        if (sections.isEmpty() && current.isPresent()) {
            sections = current.get().sections();
        } else if (sections.isEmpty()) {
            skip(
                    position,
                    "no section",
                    "its categories ("
                            + in.categories().stream()
                                    .map(Incoming.Category::name)
                                    .collect(Collectors.joining(", "))
                            + ") map to no section, and no --section was given");
            return;
        }
        List<String> tags = new ArrayList<>(in.tags());
        in.categories().stream()
                .filter(c -> c.orTag() && categories.section(c).isEmpty())
                .forEach(c -> tags.add(c.name()));
        if (tags.size() > ArticleBounds.TAGS) {
            // A keyword list longer than Loa keeps is no reason to leave the article behind.
            report.println(
                    "note " + position + ": kept the first " + ArticleBounds.TAGS + " of its " + tags.size() + " tags");
            tags.subList(ArticleBounds.TAGS, tags.size()).clear();
        }
        String body = in.bodyFromSummary() && current.isPresent() ? null : in.body();
        ArticleInput input = new ArticleInput(
                in.id(),
                null,
                null,
                in.title(),
                in.summary(),
                body,
                in.author(),
                null,
                in.url(),
                null,
                sections,
                tags,
                in.published(),
                in.updated(),
                in.images(),
                List.of(),
                null,
                null);
        Optional<Article> draft = validate(position, input);
        if (draft.isEmpty()) {
            return;
        }
        if (current.isEmpty()) {
            plan("would create " + in.id());
            put(position, draft.get(), current);
            return;
        }
        ArticleMerge merge = ArticleMerge.of(current.get(), input, draft.get());
        String changes = String.join(", ", merge.changed());
        if (merge.changed().isEmpty()) {
            tally.unchanged++;
        } else if (!merge.lacking().isEmpty() && !overwrite) {
            tally.kept++;
            String kept = in.id() + ": the store has its " + String.join(", ", merge.lacking())
                    + ", which the source lacks; --overwrite takes the source's " + changes;
            if (dryRun) {
                plan("would keep " + kept);
            } else {
                report.println("kept " + kept);
            }
        } else {
            plan("would update " + in.id() + ": " + changes);
            put(position, merge.merged(), current);
        }
    }

    /**
     * Writes the article, or in a dry run counts what the write would be.
     *
     * @param seen the stored article it was merged into: an editor's write since then is not overwritten
     */
    private void put(String position, Article article, Optional<Article> seen) {
        if (dryRun) {
            count(seen.isPresent() ? Optional.of(false) : Optional.empty());
            return;
        }
        write(position, () -> {
            try {
                ArticleWrites.Write write = writes.put(article, new WriteCheck(sections -> true, seen::equals));
                changedFeeds.addAll(write.sections());
                count(write.created() ? Optional.empty() : Optional.of(!write.changed()));
            } catch (PreconditionFailed e) {
                skip(position, "changed meanwhile", e.getMessage() + " Run the import again to merge it.");
            }
        });
    }

    /** A dry run's line for an article, up to {@link #PLAN_LINES} of them. */
    private void plan(String line) {
        if (!dryRun) {
            return;
        }
        planned++;
        if (planned <= PLAN_LINES) {
            plan.println(line);
        }
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
            Optional<Boolean> unchanged = store.find(stored.article().id()).map(c -> c.equals(stored.article()));
            if (!unchanged.orElse(false)) {
                plan((unchanged.isEmpty() ? "would create " : "would replace ")
                        + stored.article().id());
            }
            count(unchanged);
        } else {
            if (restores.containsKey(stored.article().id())) {
                writeRestores(); // the same id twice: the later line wins, as one by one
            }
            restores.put(stored.article().id(), new Restore(position, stored));
            if (restores.size() >= RESTORE_BATCH) {
                writeRestores();
            }
        }
    }

    /** Writes the restores read so far in one transaction, or one by one when the database refuses the batch. */
    void writeRestores() {
        if (restores.isEmpty()) {
            return;
        }
        List<Restore> batch = List.copyOf(restores.values());
        restores.clear();
        try {
            backup.restore(batch.stream().map(Restore::stored).toList()).forEach(this::count);
        } catch (DataAccessException e) {
            // One article the database refuses rolls the batch back: alone, each other one is written and only that
            // one is skipped, with its position.
            for (Restore restore : batch) {
                write(restore.position(), () -> count(backup.restore(restore.stored())));
            }
        }
    }

    private void count(ArticleBackup.Restored restored) {
        count(
                restored == ArticleBackup.Restored.CREATED
                        ? Optional.empty()
                        : Optional.of(restored == ArticleBackup.Restored.UNCHANGED));
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

    /**
     * Writes the restores still in hand, dates restored feeds as the backup did and announces the import's feed changes to WebSub, once per feed; a
     * dry run says how many lines it left out.
     */
    void finish() {
        writeRestores();
        if (dryRun) {
            if (planned > PLAN_LINES) {
                plan.println("… and " + (planned - PLAN_LINES) + " more articles");
            }
            return;
        }
        if (!restoredFeeds.isEmpty()) {
            feedChanges.restore(restoredFeeds);
            changedFeeds.addAll(restoredFeeds.keySet());
        }
        if (!changedFeeds.isEmpty()) {
            feedChanges.announce(changedFeeds);
        }
    }

    private Optional<Article> validate(String position, ArticleInput input) {
        try {
            return Optional.of(validator.validate(input.id(), input));
        } catch (Invalid e) {
            skip(
                    position,
                    "invalid",
                    e.errors().stream().map(f -> f.field() + " " + f.detail()).collect(Collectors.joining("; ")));
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
            skip(
                    position,
                    "refused by the database",
                    cause.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void skip(String position, String reason, String detail) {
        tally.skipped.merge(reason, 1, Integer::sum);
        report.println("skipped " + position + ": " + reason + ": " + detail);
    }
}
