package io.loa.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loa.TestDatabase;
import io.loa.article.SearchSource;
import io.loa.db.Database;
import io.loa.fault.NotReady;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The index loads after the server listens: until it holds every article, a search is refused, never half-answered. */
class SearchIndexLoadTest {

    @Test
    void aSearchBeforeTheIndexIsLoadedIsToldToComeBackAndOneAfterIsAnswered() throws Exception {
        String url = TestDatabase.fresh();
        try (Database database = Database.open(url, TestDatabase.user(), "")) {
            AtomicInteger changes = new AtomicInteger();
            try (SearchIndex index = new SearchIndex(new SearchSource(database.dsl()), changes::incrementAndGet)) {
                assertThat(index.loaded()).isFalse();
                assertThatThrownBy(() -> index.search(SearchQuery.parse("người"), 20))
                        .isInstanceOfSatisfying(
                                NotReady.class,
                                e -> assertThat(e.retryAfter())
                                        .isPositive()
                                        .isLessThanOrEqualTo(Duration.ofSeconds(30)));

                index.startLoading();
                long until = System.nanoTime() + 10_000_000_000L;
                while (!index.loaded() && System.nanoTime() < until) {
                    Thread.sleep(5);
                }

                assertThat(index.loaded()).isTrue();
                assertThat(index.search(SearchQuery.parse("người"), 20).total()).isZero();
                // Results cached while the index loaded (none: every search was refused) are dropped all the same.
                assertThat(changes).hasValue(1);
            }
        } finally {
            TestDatabase.drop(url);
        }
    }
}
