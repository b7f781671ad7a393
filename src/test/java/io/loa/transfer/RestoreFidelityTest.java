package io.loa.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Eventually;
import io.loa.FeedCrawl;
import io.loa.Fixtures;
import io.loa.TestClock;
import io.loa.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * A backup restored into an empty database serves what the original served, whatever happened before: any history
 * of new articles, edits, withdrawals (an article dated ahead again), schedules, releases when the clock reaches
 * their date, deletions of shown and of scheduled articles, and articles put back, with the original's documents
 * read (and so cached) in between. Every document a crawl finds, every author's, tag's and article's page, has the
 * same status, bytes, ETag and Last-Modified on both servers, and none names an article that was never public.
 */
class RestoreFidelityTest {

    private static final Map<String, String> SITE = Map.of("LOA_BASE_URL", "https://loa.test",
            "LOA_SYNC_MILLIS", "20");
    private static final List<String> IDS = List.of("kin0", "kin1", "kin2", "kin3");
    private static final List<String> SECTIONS = List.of("thoi-su", "lich-su");
    private static final List<String> AUTHORS = List.of("Thu Phương", "Hà Anh");
    private static final List<String> TAGS = List.of("Di sản", "Du lịch biển");
    private static final List<String> OWN_FEEDS = List.of("author/thu-phuong", "author/ha-anh", "tag/di-san",
            "tag/du-lich-bien");
    /** What every run of the property must have done at least once, over all its tries. */
    private static final List<Event> COVERED = List.of(Event.values());

    /** What a step asks for; one with nothing to act on prepares what it needs instead (see {@link #instead}). */
    enum Kind { PUT_NEW, EDIT, WITHDRAW, SCHEDULE_NEW, RELEASE, DELETE, DELETE_SCHEDULED, PUT_BACK, READ;

        /**
         * What makes this step possible later, or does something else: new, put back and edit always leave one of
         * them possible (each of four ids is unused, deleted, shown or scheduled), so this ends.
         */
        Kind instead() {
            return switch (this) {
                case EDIT, WITHDRAW, DELETE -> PUT_NEW;
                case PUT_NEW -> PUT_BACK;
                case PUT_BACK -> EDIT;
                case SCHEDULE_NEW -> WITHDRAW;
                case RELEASE, DELETE_SCHEDULED -> SCHEDULE_NEW;
                case READ -> READ;
            };
        }
    }

    /** What a step did, given the articles it found: a step with nothing to act on puts an article instead. */
    enum Event { PUT_NEW, EDIT_SHOWN, EDIT_UNDER_EMBARGO, WITHDRAW, SCHEDULE_NEW, RELEASE, DELETE_SHOWN,
        DELETE_SCHEDULED, DELETE_WITHDRAWN, PUT_BACK, READ }

    /**
     * @param pick which of the articles the step could act on
     * @param variant the version of the article it writes: title, section, author, tag and date
     */
    record Step(Kind kind, int pick, int variant) {}

    /** Every kind of step at least once, in any order, with up to three more. */
    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<List<Kind>> kinds = Arbitraries.of(Kind.class).list().ofMaxSize(3).flatMap(more -> {
            List<Kind> all = new ArrayList<>(List.of(Kind.values()));
            all.addAll(more);
            return Arbitraries.shuffle(all);
        });
        return kinds.flatMap(order -> Combinators.combine(Arbitraries.integers().between(0, 3).list()
                        .ofSize(order.size()), Arbitraries.integers().between(0, 40).list().ofSize(order.size()))
                .as((picks, variants) -> {
                    List<Step> steps = new ArrayList<>();
                    for (int i = 0; i < order.size(); i++) {
                        steps.add(new Step(order.get(i), picks.get(i), variants.get(i)));
                    }
                    return steps;
                }));
    }

    @Property(tries = 8)
    void aRestoreServesWhatTheOriginalServedAndNothingThatWasNeverPublic(@ForAll("histories") List<Step> steps)
            throws IOException {
        Path backup = Files.createTempFile("loa-backup", ".jsonl");
        Path again = Files.createTempFile("loa-backup-again", ".jsonl");
        TestClock clock = new TestClock(TestServer.NOW);
        try (TestServer original = TestServer.start(SITE, clock)) {
            Newsroom newsroom = new Newsroom(original, clock);
            steps.forEach(newsroom::apply);

            assertThat(ImportExportTest.loa(original.env(), "export", backup.toString()).exitCode()).isZero();
            try (TestServer restored = TestServer.start(SITE, Clock.fixed(clock.instant(), ZoneOffset.UTC))) {
                ImportExportTest.Run restore = ImportExportTest.loa(restored.env(), "import", backup.toString());
                assertThat(restore.out()).as(restore.err()).contains("skipped 0");
                Map<String, String> served = SameDocuments.check(original, restored, newsroom.ownFeeds(),
                        newsroom.pages());
                for (String id : newsroom.neverPublic()) {
                    Pattern named = Pattern.compile("(?<![A-Za-z0-9])" + id + "(?![A-Za-z0-9])");
                    served.forEach((path, body) -> assertThat(named.matcher(body).find())
                            .as("%s names %s, which was never public", path, id).isFalse());
                    for (TestServer server : List.of(original, restored)) {
                        assertThat(server.get("/api/articles/" + id).statusCode()).as(id).isEqualTo(404);
                        assertThat(server.get("/articles/" + newsroom.slugOf(id)).statusCode()).as(id).isEqualTo(404);
                    }
                }
                assertThat(ImportExportTest.loa(restored.env(), "export", again.toString()).exitCode()).isZero();
                assertThat(ImportExportTest.withoutHeader(again)).as("the restored database's backup")
                        .isEqualTo(ImportExportTest.withoutHeader(backup));
            }
        } finally {
            Files.deleteIfExists(backup);
            Files.deleteIfExists(again);
        }
        Statistics.label("events").coverage(coverage -> COVERED.forEach(e -> coverage.check(e).count(n -> n > 0)));
    }

    /** The original server driven through its API, and what its readers may have seen of each article. */
    private static final class Newsroom {

        enum State { SHOWN, SCHEDULED, DELETED }

        private final TestServer server;
        private final TestClock clock;
        private final String token;
        private final Map<String, State> states = new LinkedHashMap<>();
        private final Map<String, Instant> published = new HashMap<>();
        private final Set<String> everPublic = new LinkedHashSet<>();
        private final Map<String, String> slugs = new LinkedHashMap<>();

        Newsroom(TestServer server, TestClock clock) {
            this.server = server;
            this.clock = clock;
            this.token = server.token("desk");
        }

        void apply(Step step) {
            // Every step a few minutes after the last, so each change has a time of its own.
            clock.advance(Duration.ofMinutes(7));
            Statistics.label("events").collect(act(step.kind(), step));
        }

        private Event act(Kind kind, Step step) {
            Optional<Event> event = switch (kind) {
                case PUT_NEW -> unused().map(id -> put(id, step.variant(), past(step.variant()), Event.PUT_NEW));
                case EDIT -> pick(step, State.SHOWN, State.SCHEDULED).map(id -> put(id, step.variant(),
                        published.get(id), states.get(id) == State.SHOWN ? Event.EDIT_SHOWN
                                : Event.EDIT_UNDER_EMBARGO));
                case WITHDRAW -> pick(step, State.SHOWN)
                        .map(id -> put(id, step.variant(), ahead(step.variant()), Event.WITHDRAW));
                case SCHEDULE_NEW -> unused().map(id -> put(id, step.variant(), ahead(step.variant()),
                        Event.SCHEDULE_NEW));
                case RELEASE -> release();
                case DELETE -> pick(step, State.SHOWN).map(this::delete);
                case DELETE_SCHEDULED -> pick(step, State.SCHEDULED).map(this::delete);
                case PUT_BACK -> pick(step, State.DELETED).map(id -> put(id, step.variant(),
                        step.variant() % 2 == 0 ? past(step.variant()) : ahead(step.variant()), Event.PUT_BACK));
                case READ -> Optional.of(read());
            };
            return event.orElseGet(() -> act(kind.instead(), step));
        }

        private Event put(String id, int variant, Instant date, Event event) {
            ObjectNode article = Fixtures.article("Bài " + id + " bản " + variant, SECTIONS.get(variant % 2),
                    date.toString());
            article.put("author", AUTHORS.get(variant / 2 % 2));
            Fixtures.withTags(article, TAGS.get(variant / 4 % 2));
            Fixtures.withImage(article, "https://baohatinh.vn/anh/" + id + "-" + variant + ".jpg", "Ảnh " + variant);
            Fixtures.withRelated(article, IDS.get((IDS.indexOf(id) + 1) % IDS.size()));
            HttpResponse<String> response = server.put("/api/articles/" + id, article.toString(), token);
            assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
            slugs.put(id, readSlug(response.body()));
            boolean shown = !date.isAfter(clock.instant());
            states.put(id, shown ? State.SHOWN : State.SCHEDULED);
            published.put(id, date);
            if (shown) {
                everPublic.add(id);
            }
            return event;
        }

        /** Moves the clock just past the soonest date waiting, and waits until everything due shows. */
        private Optional<Event> release() {
            Optional<Instant> soonest = ids(State.SCHEDULED).stream().map(published::get).min(Instant::compareTo);
            if (soonest.isEmpty()) {
                return Optional.empty();
            }
            clock.set(soonest.get().plus(Duration.ofMinutes(1)));
            for (String id : ids(State.SCHEDULED)) {
                if (!published.get(id).isAfter(clock.instant())) {
                    Eventually.holds(() -> server.get("/api/articles/" + id).statusCode() == 200);
                    states.put(id, State.SHOWN);
                    everPublic.add(id);
                }
            }
            return Optional.of(Event.RELEASE);
        }

        private Event delete(String id) {
            assertThat(server.delete("/api/articles/" + id, token).statusCode()).isEqualTo(204);
            State was = states.put(id, State.DELETED);
            return was == State.SHOWN ? Event.DELETE_SHOWN
                    : everPublic.contains(id) ? Event.DELETE_WITHDRAWN : Event.DELETE_SCHEDULED;
        }

        /** Reads every document and page, as readers would: the original then answers from its cache. */
        private Event read() {
            FeedCrawl.Result crawl = FeedCrawl.of(server, ownFeeds().stream().map(path -> "https://loa.test" + path)
                    .toList());
            crawl.links().stream().filter(url -> url.startsWith("https://loa.test/")).forEach(server::getBytes);
            pages().forEach(server::getBytes);
            return Event.READ;
        }

        /** The authors' and tags' feeds that exist now (a feed without a shown article is 404). */
        List<String> ownFeeds() {
            List<String> feeds = new ArrayList<>();
            for (String feed : OWN_FEEDS) {
                for (String format : List.of("rss", "atom", "json")) {
                    String path = "/feeds/" + feed + "." + format;
                    if (server.get(path).statusCode() == 200) {
                        feeds.add(path);
                    }
                }
            }
            return feeds;
        }

        /** Pages to compare beside those the feeds link to: every article's, shown or not, and every list's. */
        List<String> pages() {
            List<String> pages = new ArrayList<>(List.of("/", "/sections/thoi-su", "/sections/lich-su",
                    "/authors/thu-phuong", "/authors/ha-anh", "/tags/di-san", "/tags/du-lich-bien"));
            slugs.values().forEach(slug -> pages.add("/articles/" + slug));
            return pages;
        }

        String slugOf(String id) {
            return slugs.get(id);
        }

        Set<String> neverPublic() {
            Set<String> never = new LinkedHashSet<>(states.keySet());
            never.removeAll(everPublic);
            return never;
        }

        private Optional<String> unused() {
            return IDS.stream().filter(id -> !states.containsKey(id)).findFirst();
        }

        private Optional<String> pick(Step step, State... in) {
            List<String> candidates = ids(in);
            return candidates.isEmpty() ? Optional.empty()
                    : Optional.of(candidates.get(step.pick() % candidates.size()));
        }

        private List<String> ids(State... in) {
            Set<State> wanted = Set.of(in);
            return states.entrySet().stream().filter(e -> wanted.contains(e.getValue())).map(Map.Entry::getKey)
                    .toList();
        }

        private Instant past(int variant) {
            return clock.instant().minus(Duration.ofDays(1 + variant)).truncatedTo(ChronoUnit.MINUTES);
        }

        private Instant ahead(int variant) {
            return clock.instant().plus(Duration.ofDays(1 + variant % 3)).truncatedTo(ChronoUnit.MINUTES);
        }

        private static String readSlug(String body) {
            try {
                return Fixtures.JSON.readTree(body).get("slug").asText();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
