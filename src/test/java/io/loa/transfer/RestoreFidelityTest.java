package io.loa.transfer;

import static io.loa.db.schema.Tables.ARTICLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.FeedCrawl;
import io.loa.Fixtures;
import io.loa.ServerSetup;
import io.loa.TestClock;
import io.loa.TestServer;
import io.loa.background.Timers;
import io.loa.db.Database;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
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

    private static final String BASE_URL = "https://loa.test";
    private static final Map<String, String> SITE = Map.of("LOA_BASE_URL", BASE_URL, "LOA_SYNC_MILLIS", "20");

    /** The site at {@code now}: the original and its restored copy answer as one site. */
    private static ServerSetup site(Clock now) {
        return ServerSetup.defaults().settings(SITE).clock(now);
    }

    private static final List<String> IDS = List.of("kin0", "kin1", "kin2", "kin3", "kin4", "kin5");
    private static final List<String> SECTIONS = List.of("thoi-su", "lich-su");
    private static final List<String> AUTHORS = List.of("Thu Phương", "Hà Anh");
    private static final List<String> TAGS = List.of("Di sản", "Du lịch biển");
    private static final List<String> OWN_FEEDS =
            List.of("author/thu-phuong", "author/ha-anh", "tag/di-san", "tag/du-lich-bien");

    /**
     * What a step does. One that finds nothing to act on first makes it (a step deleting a scheduled article
     * schedules one, or withdraws a shown one, then deletes it), so every history does every kind of step.
     */
    enum Kind {
        PUT_NEW,
        EDIT,
        EDIT_SCHEDULED,
        WITHDRAW,
        SCHEDULE_NEW,
        RELEASE,
        DELETE,
        DELETE_SCHEDULED,
        PUT_BACK,
        READ
    }

    /** What a step did to the article it acted on. */
    enum Event {
        PUT_NEW,
        EDIT_SHOWN,
        EDIT_UNDER_EMBARGO,
        WITHDRAW,
        SCHEDULE_NEW,
        RELEASE,
        DELETE_SHOWN,
        DELETE_SCHEDULED,
        DELETE_WITHDRAWN,
        PUT_BACK,
        READ
    }

    /**
     * What every run of the property does at least once over its tries (each kind of step does its event unless
     * it runs out of new ids; a withdrawn article deleted is left to chance).
     */
    private static final List<Event> COVERED = List.of(
            Event.PUT_NEW,
            Event.EDIT_SHOWN,
            Event.EDIT_UNDER_EMBARGO,
            Event.WITHDRAW,
            Event.SCHEDULE_NEW,
            Event.RELEASE,
            Event.DELETE_SHOWN,
            Event.DELETE_SCHEDULED,
            Event.PUT_BACK,
            Event.READ);

    /**
     * @param pick which of the articles the step could act on
     * @param variant the version of the article it writes: title, section, author, tag and date
     */
    record Step(Kind kind, int pick, int variant) {}

    /** Every kind of step once, in any order, with up to three more. */
    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<List<Kind>> kinds = Arbitraries.of(Kind.class)
                .list()
                .ofMaxSize(3)
                .flatMap(more -> {
                    List<Kind> all = new ArrayList<>(List.of(Kind.values()));
                    all.addAll(more);
                    return Arbitraries.shuffle(all);
                });
        return kinds.flatMap(order -> Combinators.combine(
                        Arbitraries.integers().between(0, 5).list().ofSize(order.size()),
                        Arbitraries.integers().between(0, 40).list().ofSize(order.size()))
                .as((picks, variants) -> {
                    List<Step> steps = new ArrayList<>();
                    for (int i = 0; i < order.size(); i++) {
                        steps.add(new Step(order.get(i), picks.get(i), variants.get(i)));
                    }
                    return steps;
                }));
    }

    /**
     * The history a run of the property once failed on, on PostgreSQL: every kind of step once, in order, each on
     * the first article it could act on. Whether it failed depended on when the server's release loop ran; the
     * next test holds that timing still.
     */
    @Example
    void aRestoreServesWhatTheOriginalServedAfterEveryKindOfStepOnce() throws IOException {
        aRestoreServesWhatTheOriginalServedAndNothingThatWasNeverPublic(
                Arrays.stream(Kind.values()).map(kind -> new Step(kind, 0, 0)).toList());
    }

    /** A withdrawn article moved to other sections under embargo takes its tombstone, and its feeds' dates, along. */
    @Example
    void aTombstoneMovedByAnEditUnderEmbargoIsServedAliveAndRestoredAlike() throws IOException {
        aRestoreServesWhatTheOriginalServedAndNothingThatWasNeverPublic(List.of(
                new Step(Kind.RELEASE, 0, 5),
                new Step(Kind.READ, 0, 26),
                new Step(Kind.PUT_BACK, 0, 34),
                new Step(Kind.PUT_NEW, 4, 39),
                new Step(Kind.READ, 1, 7),
                new Step(Kind.SCHEDULE_NEW, 4, 17),
                new Step(Kind.DELETE_SCHEDULED, 2, 36),
                new Step(Kind.WITHDRAW, 1, 30),
                new Step(Kind.EDIT, 1, 0),
                new Step(Kind.READ, 1, 21),
                new Step(Kind.DELETE, 2, 34),
                new Step(Kind.PUT_NEW, 5, 10),
                new Step(Kind.EDIT_SCHEDULED, 0, 1)));
    }

    /**
     * A release that waits on a lock while another article is written: it is dated when it goes through, and the
     * whole site's feed by its latest change, as each feed is and as a backup keeps them, not by the change the
     * log holds last. The restore then dates every feed alike.
     */
    @Example
    void aReleaseThatWaitedIsDatedWhenItHappensAndTheSiteFeedByItsLatestChange() throws Exception {
        Instant due = TestServer.NOW.plus(Duration.ofDays(1));
        Instant written = due.plus(Duration.ofMinutes(20));
        ReleaseWatch clock = new ReleaseWatch(TestServer.NOW);
        Path backup = Files.createTempFile("loa-backup", ".jsonl");
        try (TestServer original = site(clock).start();
                Database db = original.database()) {
            String token = original.token("desk");
            String slug = readSlug(original.put(
                            "/api/articles/kin0",
                            Fixtures.article("Bài hẹn giờ", "thoi-su", due.toString())
                                    .toString(),
                            token)
                    .body());
            db.dsl().transaction(tx -> {
                tx.dsl()
                        .selectFrom(ARTICLE)
                        .where(ARTICLE.ID.eq("kin0"))
                        .forUpdate()
                        .fetch();
                clock.setForRelease(due.plus(Duration.ofMinutes(1)));
                clock.set(written);
                assertThat(original.put(
                                        "/api/articles/kin1",
                                        Fixtures.article("Bài mới", "thoi-su", TestServer.NOW.toString())
                                                .toString(),
                                        token)
                                .statusCode())
                        .isEqualTo(201);
            });
            await().until(() -> original.get("/articles/" + slug).statusCode() == 200);
            for (String feed : List.of("/feeds/all.rss", "/feeds/thoi-su.rss")) {
                assertThat(original.get(feed)
                                .headers()
                                .firstValue("Last-Modified")
                                .map(date -> ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                                        .toInstant()))
                        .as(feed)
                        .contains(written);
            }
            assertThat(ImportExportTest.loa(original.env(), "export", backup.toString())
                            .exitCode())
                    .isZero();
            try (TestServer restored =
                    site(Clock.fixed(written, ZoneOffset.UTC)).start()) {
                ImportExportTest.Run restore = ImportExportTest.loa(restored.env(), "import", backup.toString());
                assertThat(restore.out()).as(restore.err()).contains("skipped 0");
                SameDocuments.check(original, restored, List.of("/feeds/all.rss"), List.of("/articles/" + slug));
            }
        } finally {
            Files.deleteIfExists(backup);
        }
    }

    /** A clock set by hand that tells when the server's release loop has read the time it was set to. */
    private static final class ReleaseWatch extends TestClock {

        private static final String RELEASE_LOOP = "loa-" + Timers.Loop.SCHEDULED_RELEASE.label();

        private volatile CountDownLatch read = new CountDownLatch(1);

        ReleaseWatch(Instant start) {
            super(start);
        }

        /** Sets the time, then waits for a round of the release loop that reads it. */
        void setForRelease(Instant at) throws InterruptedException {
            set(at);
            CountDownLatch next = new CountDownLatch(1);
            read = next;
            assertThat(next.await(10, TimeUnit.SECONDS)).as("a release round").isTrue();
        }

        @Override
        public Instant instant() {
            CountDownLatch latch = read; // taken first: a count on the new latch comes with the new time
            Instant now = super.instant();
            if (Thread.currentThread().getName().equals(RELEASE_LOOP)) {
                latch.countDown();
            }
            return now;
        }
    }

    @Property(tries = 6)
    void aRestoreServesWhatTheOriginalServedAndNothingThatWasNeverPublic(@ForAll("histories") List<Step> steps)
            throws IOException {
        Path backup = Files.createTempFile("loa-backup", ".jsonl");
        Path again = Files.createTempFile("loa-backup-again", ".jsonl");
        TestClock clock = new TestClock(TestServer.NOW);
        try (TestServer original = site(clock).start()) {
            Newsroom newsroom = new Newsroom(original, clock);
            steps.forEach(newsroom::apply);

            assertThat(ImportExportTest.loa(original.env(), "export", backup.toString())
                            .exitCode())
                    .isZero();
            try (TestServer restored =
                    site(Clock.fixed(clock.instant(), ZoneOffset.UTC)).start()) {
                ImportExportTest.Run restore = ImportExportTest.loa(restored.env(), "import", backup.toString());
                assertThat(restore.out()).as(restore.err()).contains("skipped 0");
                Map<String, String> served =
                        SameDocuments.check(original, restored, newsroom.ownFeeds(), newsroom.pages());
                for (String id : newsroom.neverPublic()) {
                    Pattern named = Pattern.compile("(?<![A-Za-z0-9])" + id + "(?![A-Za-z0-9])");
                    served.forEach(
                            (path, body) -> assertThat(named.matcher(body).find())
                                    .as("%s names %s, which was never public", path, id)
                                    .isFalse());
                    for (TestServer server : List.of(original, restored)) {
                        assertThat(server.get("/api/articles/" + id).statusCode())
                                .as(id)
                                .isEqualTo(404);
                        assertThat(server.get("/articles/" + newsroom.slugOf(id))
                                        .statusCode())
                                .as(id)
                                .isEqualTo(404);
                    }
                }
                assertThat(ImportExportTest.loa(restored.env(), "export", again.toString())
                                .exitCode())
                        .isZero();
                assertThat(ImportExportTest.withoutHeader(again))
                        .as("the restored database's backup")
                        .isEqualTo(ImportExportTest.withoutHeader(backup));
            }
        } finally {
            Files.deleteIfExists(backup);
            Files.deleteIfExists(again);
        }
        Statistics.label("events")
                .coverage(coverage -> COVERED.forEach(e -> coverage.check(e).count(n -> n > 0)));
    }

    /** The original server driven through its API, and what its readers may have seen of each article. */
    private static final class Newsroom {

        enum State {
            SHOWN,
            SCHEDULED,
            DELETED
        }

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
            Statistics.label("events").collect(act(step));
        }

        private Event act(Step step) {
            int v = step.variant();
            return switch (step.kind()) {
                case PUT_NEW ->
                    unused().map(id -> put(id, v, past(v), Event.PUT_NEW)).orElseGet(() -> edit(shown(step), v));
                case EDIT -> edit(shown(step), v);
                case EDIT_SCHEDULED -> edit(scheduled(step), v);
                case WITHDRAW -> put(shown(step), v, ahead(v), Event.WITHDRAW);
                case SCHEDULE_NEW ->
                    unused().map(id -> put(id, v, ahead(v), Event.SCHEDULE_NEW))
                            .orElseGet(() -> put(shown(step), v, ahead(v), Event.WITHDRAW));
                case RELEASE -> release(scheduled(step));
                case DELETE -> delete(shown(step));
                case DELETE_SCHEDULED -> delete(scheduled(step));
                case PUT_BACK -> put(deleted(step), v, v % 2 == 0 ? past(v) : ahead(v), Event.PUT_BACK);
                case READ -> read();
            };
        }

        /** A shown article: one there is, else a new one, one put back, or one released. */
        private String shown(Step step) {
            return pick(step, State.SHOWN)
                    .or(() -> unused().or(() -> pick(step, State.DELETED))
                            .map(id -> writeOnly(id, step.variant(), past(step.variant()))))
                    .orElseGet(() -> {
                        String id = pick(step, State.SCHEDULED).orElseThrow();
                        release(id);
                        return id;
                    });
        }

        /** A scheduled article: one there is, else a new one, one withdrawn, or one put back ahead. */
        private String scheduled(Step step) {
            return pick(step, State.SCHEDULED)
                    .orElseGet(() -> writeOnly(
                            unused().or(() -> pick(step, State.SHOWN))
                                    .or(() -> pick(step, State.DELETED))
                                    .orElseThrow(),
                            step.variant(),
                            ahead(step.variant())));
        }

        /** A deleted article: one there is, else a shown one deleted. */
        private String deleted(Step step) {
            return pick(step, State.DELETED).orElseGet(() -> {
                String id = shown(step);
                delete(id);
                return id;
            });
        }

        private Event edit(String id, int variant) {
            return put(
                    id,
                    variant,
                    published.get(id),
                    states.get(id) == State.SHOWN ? Event.EDIT_SHOWN : Event.EDIT_UNDER_EMBARGO);
        }

        private String writeOnly(String id, int variant, Instant date) {
            put(id, variant, date, Event.PUT_NEW);
            return id;
        }

        private Event put(String id, int variant, Instant date, Event event) {
            tick();
            ObjectNode article =
                    Fixtures.article("Bài " + id + " bản " + variant, SECTIONS.get(variant % 2), date.toString());
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

        /** Moves the clock just past the article's date, and waits until everything due shows. */
        private Event release(String id) {
            clock.set(published.get(id).plus(Duration.ofMinutes(1)));
            showDue();
            return Event.RELEASE;
        }

        /** Every write a few minutes after the last, so each change has a time of its own. */
        private void tick() {
            clock.advance(Duration.ofMinutes(7));
            showDue();
        }

        /** Waits until the server shows every scheduled article whose date the clock has reached. */
        private void showDue() {
            for (String id : ids(State.SCHEDULED)) {
                if (!published.get(id).isAfter(clock.instant())) {
                    // Released once stored so, not when the clock passes its date (when the API shows it already).
                    await().until(() -> !server.send(HttpRequest.newBuilder(server.uri("/api/scheduled"))
                                    .header("Authorization", "Bearer " + token))
                            .body()
                            .contains("\"" + id + "\""));
                    states.put(id, State.SHOWN);
                    everPublic.add(id);
                }
            }
        }

        private Event delete(String id) {
            tick();
            assertThat(server.delete("/api/articles/" + id, token).statusCode()).isEqualTo(204);
            State was = states.put(id, State.DELETED);
            return was == State.SHOWN
                    ? Event.DELETE_SHOWN
                    : everPublic.contains(id) ? Event.DELETE_WITHDRAWN : Event.DELETE_SCHEDULED;
        }

        /** Reads every document and page, as readers would: the original then answers from its cache. */
        private Event read() {
            FeedCrawl.Result crawl = FeedCrawl.of(
                    server, ownFeeds().stream().map(path -> BASE_URL + path).toList());
            crawl.links().stream().filter(url -> url.startsWith(BASE_URL + "/")).forEach(server::getBytes);
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
            List<String> pages = new ArrayList<>(List.of(
                    "/",
                    "/sections/thoi-su",
                    "/sections/lich-su",
                    "/authors/thu-phuong",
                    "/authors/ha-anh",
                    "/tags/di-san",
                    "/tags/du-lich-bien"));
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
            return candidates.isEmpty()
                    ? Optional.empty()
                    : Optional.of(candidates.get(step.pick() % candidates.size()));
        }

        private List<String> ids(State... in) {
            Set<State> wanted = Set.of(in);
            return states.entrySet().stream()
                    .filter(e -> wanted.contains(e.getValue()))
                    .map(Map.Entry::getKey)
                    .toList();
        }

        private Instant past(int variant) {
            return clock.instant().minus(Duration.ofDays(1 + variant)).truncatedTo(ChronoUnit.MINUTES);
        }

        private Instant ahead(int variant) {
            return clock.instant().plus(Duration.ofDays(1 + variant % 3)).truncatedTo(ChronoUnit.MINUTES);
        }
    }

    private static String readSlug(String body) {
        try {
            return Fixtures.JSON.readTree(body).get("slug").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
