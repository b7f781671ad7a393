package io.loa.audience;

import io.loa.background.Rounds;
import io.loa.background.Timers;
import io.loa.config.Clients;
import io.loa.config.Section;
import io.loa.config.Site;
import io.loa.fault.Throttled;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Who reads the feeds, as far as they tell: the subscribers hosted readers report in their User-Agent, the WebSub
 * hub's subscriptions, and how each fetcher polls (the scorecard); and the rule that refuses a client polling a
 * feed unconditionally faster than the feed's {@code maxAge} allows. Every request for a feed's current document
 * passes here twice, cheaply: {@link #arrived} before it is answered, {@link #answered} after.
 * <p>
 * Reported counts are kept in memory as they arrive and written to the database in the background (and on
 * stop), where every instance's are merged: the latest count of each reader for each document wins.
 */
public final class Audience implements AutoCloseable {

    /** Counts not seen again for this long are no longer counted: the reader stopped fetching the feed. */
    static final Duration FORGOTTEN_AFTER = Duration.ofDays(14);
    /** An unchanged count is written again at most this often. */
    private static final long REWRITE_MILLIS = Duration.ofMinutes(10).toMillis();
    /** Counts kept in memory at most: each is a document, a reader and one of its ids for the feed. */
    private static final int MAX_COUNTS = 100_000;

    private static final long REFRESH_MILLIS = 10_000;

    private record Key(FeedDocument document, Fetcher fetcher, String feedId) {}

    private record Seen(int subscribers, long atMillis) {}

    private final AudienceStore store;
    private final Clock clock;
    private final Clients clients;
    private final int defaultMaxAge;
    private final Map<String, Integer> maxAges = new HashMap<>();
    private final Supplier<Map<String, Integer>> hubTopics;
    private final PollTable table = new PollTable();
    private final Scorecard scorecard = new Scorecard();
    private final Map<Key, Seen> latest = new ConcurrentHashMap<>();
    private final Map<Key, Seen> unsaved = new ConcurrentHashMap<>();
    private final Rounds rounds;
    private MultiGauge feedGauge;
    private MultiGauge kindGauge;
    private final List<String> configured = new ArrayList<>();

    /**
     * @param clock the wall clock: it dates counts, which every instance compares, and times polls
     * @param hubTopics the hub's active subscriptions per topic path ({@code /feeds/thoi-su.atom})
     */
    public Audience(DSLContext dsl, Clock clock, Site site, Timers timers, Supplier<Map<String, Integer>> hubTopics) {
        this.store = new AudienceStore(dsl);
        this.clock = clock;
        this.clients = site.clients();
        this.defaultMaxAge = site.maxAge();
        for (Section section : site.sections()) {
            maxAges.put(section.slug(), section.maxAge());
            configured.add(section.slug());
        }
        configured.add(Site.ALL);
        this.hubTopics = hubTopics;
        this.rounds = timers.rounds(Timers.Loop.AUDIENCE);
    }

    /** Saves counts in the background, every few seconds, and refreshes the metrics from every instance's. */
    public void start() {
        rounds.every(REFRESH_MILLIS, REFRESH_MILLIS, this::refresh);
    }

    /**
     * Notes a request for a feed's current document before it is answered, and refuses it (a {@link Throttled}
     * fault) when polite polling is on and the client fetched the feed unconditionally too often: more than once
     * per {@code maxAge}, past the grace. A conditional request is never refused.
     *
     * @param client the client's address, as the trusted proxies tell it
     * @return who fetches, for {@link #answered}
     */
    public Fetcher arrived(String feed, String format, String client, String userAgent, boolean conditional) {
        Fetcher fetcher = Fetcher.of(userAgent);
        Integer maxAge = maxAges.get(feed); // not getOrDefault: boxing the default would allocate per request
        long maxAgeMillis = (maxAge == null ? defaultMaxAge : maxAge) * 1000L;
        long key = ((long) client.hashCode() << 32)
                ^ (userAgent == null ? 0 : userAgent.hashCode())
                ^ PollTable.mix(feed.hashCode() * 31L + format.hashCode());
        long result = table.fetch(key, clock.millis(), maxAgeMillis, clients.pollingGrace(), !conditional);
        scorecard.interval(fetcher, PollTable.interval(result));
        long wait = PollTable.waitOf(result);
        if (wait > 0 && clients.politePolling()) {
            Scorecard.Card card = scorecard.of(fetcher);
            card.requests.increment();
            card.throttled.increment();
            throw new Throttled(
                    "Readers are asked to fetch this feed at most once every " + maxAgeMillis / 1000
                            + " s (Cache-Control max-age), and this client fetched it more often. "
                            + "Fetch it at most that often, or send If-None-Match or If-Modified-Since with the "
                            + "validators of the last answer: a conditional request is always answered.",
                    Duration.ofSeconds((wait + 999) / 1000));
        }
        return fetcher;
    }

    /** Notes how a request {@link #arrived} was answered, and the subscribers its User-Agent reports. */
    public void answered(String feed, String format, Fetcher fetcher, String userAgent, int status) {
        Scorecard.Card card = scorecard.of(fetcher);
        card.requests.increment();
        if (status == 304) {
            card.notModified.increment();
        }
        if (status >= 400) {
            return;
        }
        SubscriberReport report = SubscriberReport.parse(userAgent);
        if (report != null) {
            report(new Key(new FeedDocument(feed, format), fetcher, report.feedId()), report.subscribers());
        }
    }

    private void report(Key key, int subscribers) {
        long now = clock.millis();
        Seen before = latest.get(key);
        if (before != null && before.subscribers() == subscribers && now - before.atMillis() < REWRITE_MILLIS) {
            return;
        }
        if (before == null && latest.size() >= MAX_COUNTS) {
            return;
        }
        Seen seen = new Seen(subscribers, now);
        latest.put(key, seen);
        unsaved.put(key, seen);
    }

    /** Writes the counts not yet in the database. */
    void save() {
        List<AudienceStore.Count> counts = new ArrayList<>();
        for (Map.Entry<Key, Seen> entry : unsaved.entrySet()) {
            Key key = entry.getKey();
            Seen seen = entry.getValue();
            counts.add(new AudienceStore.Count(
                    key.document(),
                    key.fetcher(),
                    key.feedId(),
                    seen.subscribers(),
                    Instant.ofEpochMilli(seen.atMillis())));
        }
        store.save(counts);
        for (AudienceStore.Count count : counts) {
            unsaved.remove(
                    new Key(count.document(), count.fetcher(), count.feedId()),
                    new Seen(count.subscribers(), count.seenAt().toEpochMilli()));
        }
    }

    /** Every instance's latest counts and the hub's subscriptions, with this instance's scorecard. */
    public AudienceReport report() {
        save();
        return AudienceReport.of(
                store.since(clock.instant().minus(FORGOTTEN_AFTER)), hubCounts(), scorecard, table.untracked());
    }

    private Map<FeedDocument, Integer> hubCounts() {
        Map<FeedDocument, Integer> counts = new HashMap<>();
        hubTopics.get().forEach((path, count) -> {
            FeedDocument document = FeedDocument.atPath(path);
            if (document != null) {
                counts.merge(document, count, Integer::sum);
            }
        });
        return counts;
    }

    /**
     * The figures in Prometheus form, each label from a closed set: the scorecard by fetcher; subscribers of the
     * configured feeds (sections and all) by feed and fetcher ({@code websub} for the hub); and of authors' and
     * tags' feeds only in total per kind, since their names grow with the content and a label per name would make
     * a new series for every author and tag ever published (the figures per name are in {@code /api/audience}).
     */
    public void bind(MeterRegistry registry) {
        for (Fetcher fetcher : Fetcher.values()) {
            Scorecard.Card card = scorecard.of(fetcher);
            Tags tags = Tags.of("fetcher", fetcher.label());
            FunctionCounter.builder("loa.feed.polls", card.requests, adder -> adder.sum())
                    .tags(tags)
                    .description("Requests for feeds' current documents, by who fetched")
                    .register(registry);
            FunctionCounter.builder("loa.feed.polls.not.modified", card.notModified, adder -> adder.sum())
                    .tags(tags)
                    .description("Of those, answered 304 Not Modified")
                    .register(registry);
            FunctionCounter.builder("loa.feed.polls.throttled", card.throttled, adder -> adder.sum())
                    .tags(tags)
                    .description("Of those, refused 429 for polling faster than the feed's maxAge")
                    .register(registry);
        }
        feedGauge = MultiGauge.builder("loa.audience.subscribers")
                .description("Subscribers of a configured feed (a section or all), by reader; websub is the hub")
                .register(registry);
        kindGauge = MultiGauge.builder("loa.audience.subscribers.by.kind")
                .description("Subscribers of every feed of a kind (section, author, tag) together, by reader")
                .register(registry);
    }

    private void refresh() {
        AudienceReport report = report();
        if (feedGauge == null) {
            return;
        }
        List<MultiGauge.Row<?>> feeds = new ArrayList<>();
        for (AudienceReport.FeedAudience feed : report.sections()) {
            if (configured.contains(feed.name())) {
                feed.bySource()
                        .forEach((source, count) ->
                                feeds.add(MultiGauge.Row.of(Tags.of("feed", feed.name(), "fetcher", source), count)));
            }
        }
        feedGauge.register(feeds, true);
        List<MultiGauge.Row<?>> kinds = new ArrayList<>();
        report.totalsByKind()
                .forEach((kind, sources) -> sources.forEach((source, count) ->
                        kinds.add(MultiGauge.Row.of(Tags.of("kind", kind, "fetcher", source), count))));
        kindGauge.register(kinds, true);
    }

    /** Stops the background saves, then saves what is left. */
    @Override
    public void close() {
        rounds.close();
        rounds.run(this::save);
    }
}
