package io.loa.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.loa.TestDatabase;
import io.loa.article.ArticleWrites;
import io.loa.background.Timers;
import io.loa.db.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The change stream's rules, on the database alone: no gaps, retries that catch up, durable cursors. */
class ChangeStreamTest {

    static final long POLL = 20;

    private String url;
    private Database db;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void open() {
        url = TestDatabase.fresh();
        db = Database.open(url, TestDatabase.user(), "");
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void close() {
        db.close();
        TestDatabase.drop(url);
    }

    /** What a consumer was given, in order; it throws while {@code failing} is above zero, counting down. */
    static final class Recorder implements InstanceConsumer, ClusterConsumer {

        final ConsumerName name;
        final List<StreamEntry> seen = new CopyOnWriteArrayList<>();
        final AtomicInteger failing = new AtomicInteger();

        Recorder(ConsumerName name) {
            this.name = name;
        }

        @Override
        public ConsumerName name() {
            return name;
        }

        @Override
        public void accept(List<StreamEntry> entries) {
            if (failing.getAndDecrement() > 0) {
                throw new IllegalStateException("not now");
            }
            seen.addAll(entries);
        }

        @Override
        public void accept(List<StreamEntry> entries, DSLContext tx) {
            accept(entries);
        }

        List<Long> positions() {
            return seen.stream().map(StreamEntry::position).toList();
        }

        List<String> articles() {
            return seen.stream().map(StreamEntry::articleId).toList();
        }
    }

    private ChangeStream stream(Recorder... consumers) {
        ChangeStream stream = new ChangeStream(db.dsl(), Clock.systemUTC(), new Timers(registry), registry);
        for (Recorder consumer : consumers) {
            if (consumer.name == ConsumerName.WEBSUB) {
                stream.register((ClusterConsumer) consumer);
            } else {
                stream.register((InstanceConsumer) consumer);
            }
        }
        return stream;
    }

    private static void put(ArticleWrites writes, String id) {
        writes.put(LateCommitTest.article(id, "Tin " + id, "thoi-su", "2025-01-01T08:00:00Z"));
    }

    @Test
    void aLocalWriteIsConsumedBeforeItsWriterGoesOnAndEntriesSayWhatHappened() {
        Recorder cache = new Recorder(ConsumerName.RENDER_CACHE);
        try (ChangeStream stream = stream(cache)) {
            stream.start(60_000);
            ArticleWrites writes = new ArticleWrites(db.dsl(), Clock.systemUTC(), change -> stream.catchUp());
            put(writes, "one");
            assertThat(cache.articles()).containsExactly("one");
            writes.put(LateCommitTest.article("one", "Tin one", "du-lich", "2025-01-01T08:00:00Z"));
            writes.delete("one");
            writes.put(LateCommitTest.article("later", "Tin later", "thoi-su", "2999-01-01T08:00:00Z"));
            assertThat(cache.seen)
                    .extracting(StreamEntry::kind)
                    .containsExactly(
                            ChangeKind.PUBLISHED, ChangeKind.UPDATED, ChangeKind.DELETED, ChangeKind.SCHEDULED);
            assertThat(cache.seen.get(1).feeds()).contains("thoi-su", "du-lich");
            assertThat(cache.positions()).containsExactly(1L, 2L, 3L, 4L);
            assertThat(stream.latestFor("one")).map(StreamEntry::kind).hasValue(ChangeKind.DELETED);
        }
    }

    @Test
    void aRolledBackWriteLeavesNoGapThatStallsAnyone() {
        Recorder cache = new Recorder(ConsumerName.RENDER_CACHE);
        Recorder hub = new Recorder(ConsumerName.WEBSUB);
        try (ChangeStream stream = stream(cache, hub)) {
            stream.start(POLL);
            ArticleWrites writes = new ArticleWrites(db.dsl(), Clock.systemUTC(), change -> stream.catchUp());
            put(writes, "before");
            assertThatThrownBy(() -> db.dsl().transaction(tx -> {
                        Outbox.append(
                                tx.dsl(), ChangeKind.PUBLISHED, "never", "never", Set.of("thoi-su"), Set.of(), true);
                        throw new IllegalStateException("rolled back");
                    }))
                    .hasMessage("rolled back");
            put(writes, "after");
            assertThat(cache.articles()).containsExactly("before", "after");
            assertThat(cache.positions()).containsExactly(1L, 2L);
            await().until(() -> hub.articles().equals(List.of("before", "after")));
        }
    }

    @Test
    void aConsumerThatThrowsIsTriedAgainAndCatchesUpWithNothingLostOrTwice() {
        Recorder cache = new Recorder(ConsumerName.RENDER_CACHE);
        Recorder hub = new Recorder(ConsumerName.WEBSUB);
        try (ChangeStream stream = stream(cache, hub)) {
            stream.start(POLL);
            ArticleWrites writes = new ArticleWrites(db.dsl(), Clock.systemUTC(), change -> stream.catchUp());
            cache.failing.set(3);
            hub.failing.set(3);
            for (int i = 0; i < 20; i++) {
                put(writes, "w" + i);
            }
            await().until(() -> cache.seen.size() == 20 && hub.seen.size() == 20);
            List<Long> all = LongStream.rangeClosed(1, 20).boxed().toList();
            assertThat(cache.positions()).isEqualTo(all);
            assertThat(hub.positions()).isEqualTo(all);
            assertThat(registry.get("loa.stream.failures")
                            .tag("consumer", "websub")
                            .counter()
                            .count())
                    .isEqualTo(3);
            await().until(() -> registry.get("loa.stream.lag")
                            .tag("consumer", "websub")
                            .gauge()
                            .value()
                    == 0);
        }
    }

    @Test
    void aClusterConsumerResumesFromItsDurableCursorAfterAnAbruptStop() {
        ArticleWrites writes = new ArticleWrites(db.dsl(), Clock.systemUTC(), change -> {});
        Recorder first = new Recorder(ConsumerName.WEBSUB);
        try (ChangeStream stream = stream(first)) {
            stream.start(POLL);
            put(writes, "a");
            put(writes, "b");
            await().until(() -> first.seen.size() == 2);
            // Dies while acting on the next entry: its transaction, and the cursor's advance, never commit.
            first.failing.set(Integer.MAX_VALUE);
            put(writes, "c");
            await().until(() -> registry.get("loa.stream.failures")
                            .tag("consumer", "websub")
                            .counter()
                            .count()
                    > 0);
        }
        put(writes, "d");
        Recorder second = new Recorder(ConsumerName.WEBSUB);
        try (ChangeStream stream = stream(second)) {
            stream.start(POLL);
            await().until(() -> second.seen.size() == 2);
            assertThat(second.articles()).containsExactly("c", "d");
            assertThat(second.positions()).containsExactly(3L, 4L);
        }
    }

    @Test
    void aConsumerHeldUpPastThePrunedTailGoesOnFromTheTail() {
        Recorder cache = new Recorder(ConsumerName.RENDER_CACHE);
        ArticleWrites writes = new ArticleWrites(db.dsl(), Clock.systemUTC(), change -> {});
        try (ChangeStream held = stream(cache)) {
            held.start(POLL);
            cache.failing.set(Integer.MAX_VALUE);
            put(writes, "a");
            put(writes, "b");
            await().until(() -> registry.get("loa.stream.failures")
                            .tag("consumer", "render-cache")
                            .counter()
                            .count()
                    > 0);
            // Another instance, a week and more later by its clock, prunes what no durable cursor needs.
            Clock later = Clock.offset(Clock.systemUTC(), ChangeStream.KEEP.plusDays(1));
            try (ChangeStream other = new ChangeStream(db.dsl(), later, new Timers(registry), registry)) {
                other.start(POLL);
                await().until(() -> db.dsl().fetchCount(io.loa.db.schema.Tables.STREAM_ENTRY) == 0);
            }
            put(writes, "c");
            cache.failing.set(0);
            await().until(() -> cache.articles().equals(List.of("c")));
            assertThat(cache.positions()).containsExactly(3L);
        }
    }

    @Test
    void anInstanceStartsItsOwnConsumersAtTheHead() {
        ArticleWrites writes = new ArticleWrites(db.dsl(), Clock.systemUTC(), change -> {});
        put(writes, "old");
        Recorder cache = new Recorder(ConsumerName.RENDER_CACHE);
        try (ChangeStream stream = stream(cache)) {
            stream.start(POLL);
            put(writes, "new");
            stream.catchUp();
            assertThat(cache.articles()).containsExactly("new");
        }
    }
}
