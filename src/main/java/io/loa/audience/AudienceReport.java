package io.loa.audience;

import io.loa.article.FeedName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET /api/audience} tells: subscribers per feed document, then per section (and all), author and tag
 * with every format together, each by reader and with the hub's subscriptions; and how each fetcher polls.
 *
 * @param feeds every document with subscribers, most first
 * @param untrackedClients requests the polling rule could not count, its table full where they hashed (let through)
 */
public record AudienceReport(
        List<DocumentAudience> feeds,
        List<FeedAudience> sections,
        List<FeedAudience> authors,
        List<FeedAudience> tags,
        List<Polling> polling,
        long untrackedClients) {

    /** Entries of each list at most. */
    static final int LIMIT = 1_000;

    /** The source of the hub's subscriptions, beside the fetchers. */
    public static final String HUB = "websub";

    /**
     * @param fetchers subscribers each reader reports (every one of its ids for the feed together)
     * @param hub the hub's active subscriptions
     * @param subscribers all of them together
     */
    public record DocumentAudience(
            String path, String feed, String format, int subscribers, Map<String, Integer> fetchers, int hub) {}

    /** A feed's subscribers, every format together. */
    public record FeedAudience(String name, int subscribers, Map<String, Integer> fetchers, int hub) {

        /** Subscribers per reader and {@link #HUB}. */
        Map<String, Integer> bySource() {
            Map<String, Integer> sources = new TreeMap<>(fetchers);
            if (hub > 0) {
                sources.put(HUB, hub);
            }
            return sources;
        }
    }

    /**
     * One fetcher's polling since this instance started.
     *
     * @param notModifiedShare the share of its requests answered 304, from 0 to 1
     * @param medianIntervalSeconds the median time between one client's fetches of one feed, or null before any
     */
    public record Polling(
            String fetcher,
            long requests,
            long notModified,
            double notModifiedShare,
            Double medianIntervalSeconds,
            long throttled) {}

    static AudienceReport of(
            List<AudienceStore.Count> counts, Map<FeedDocument, Integer> hub, Scorecard scorecard, long untracked) {
        Map<FeedDocument, Map<String, Integer>> byDocument = new HashMap<>();
        for (AudienceStore.Count count : counts) {
            byDocument
                    .computeIfAbsent(count.document(), d -> new TreeMap<>())
                    .merge(count.fetcher().label(), count.subscribers(), Integer::sum);
        }
        hub.keySet().forEach(document -> byDocument.computeIfAbsent(document, d -> new TreeMap<>()));
        List<DocumentAudience> documents = new ArrayList<>();
        Map<FeedName.Kind, Map<String, FeedAudience>> feeds = new LinkedHashMap<>();
        for (FeedName.Kind kind : FeedName.Kind.values()) {
            feeds.put(kind, new HashMap<>());
        }
        byDocument.forEach((document, fetchers) -> {
            int subscriptions = hub.getOrDefault(document, 0);
            int total = fetchers.values().stream().mapToInt(Integer::intValue).sum() + subscriptions;
            documents.add(new DocumentAudience(
                    document.path(), document.feed(), document.format(), total, fetchers, subscriptions));
            FeedName name = FeedName.parse(document.feed());
            feeds.get(name.kind())
                    .merge(
                            document.feed(),
                            new FeedAudience(document.feed(), total, fetchers, subscriptions),
                            AudienceReport::together);
        });
        documents.sort(Comparator.comparingInt(DocumentAudience::subscribers)
                .reversed()
                .thenComparing(DocumentAudience::path));
        List<Polling> polling = new ArrayList<>();
        for (Fetcher fetcher : Fetcher.values()) {
            Scorecard.Figures figures = scorecard.figures(fetcher);
            if (figures.requests() > 0) {
                polling.add(new Polling(
                        fetcher.label(),
                        figures.requests(),
                        figures.notModified(),
                        (double) figures.notModified() / figures.requests(),
                        figures.medianIntervalMillis() == null ? null : figures.medianIntervalMillis() / 1000.0,
                        figures.throttled()));
            }
        }
        return new AudienceReport(
                limited(documents),
                sorted(feeds.get(FeedName.Kind.SECTION)),
                sorted(feeds.get(FeedName.Kind.AUTHOR)),
                sorted(feeds.get(FeedName.Kind.TAG)),
                polling,
                untracked);
    }

    private static FeedAudience together(FeedAudience a, FeedAudience b) {
        Map<String, Integer> fetchers = new TreeMap<>(a.fetchers());
        b.fetchers().forEach((fetcher, count) -> fetchers.merge(fetcher, count, Integer::sum));
        return new FeedAudience(a.name(), a.subscribers() + b.subscribers(), fetchers, a.hub() + b.hub());
    }

    private static List<FeedAudience> sorted(Map<String, FeedAudience> feeds) {
        List<FeedAudience> list = new ArrayList<>(feeds.values());
        list.sort(Comparator.comparingInt(FeedAudience::subscribers).reversed().thenComparing(FeedAudience::name));
        return limited(list);
    }

    private static <T> List<T> limited(List<T> list) {
        return List.copyOf(list.size() > LIMIT ? list.subList(0, LIMIT) : list);
    }

    /** Subscribers per kind of feed ({@code section}, {@code author}, {@code tag}) and source, for metrics. */
    Map<String, Map<String, Integer>> totalsByKind() {
        Map<String, Map<String, Integer>> totals = new LinkedHashMap<>();
        Map<String, List<FeedAudience>> kinds = Map.of("section", sections, "author", authors, "tag", tags);
        kinds.forEach((kind, feeds) -> {
            Map<String, Integer> sources = new TreeMap<>();
            // "all" holds every section's articles: counted apart, not as a section.
            feeds.stream()
                    .filter(feed -> !feed.name().equals("all"))
                    .forEach(feed ->
                            feed.bySource().forEach((source, count) -> sources.merge(source, count, Integer::sum)));
            totals.put(kind.toLowerCase(Locale.ROOT), sources);
        });
        return totals;
    }
}
