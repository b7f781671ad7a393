package io.loa.fediverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loa.TestClock;
import io.loa.TestDatabase;
import io.loa.db.Database;
import io.loa.fault.Forbidden;
import io.loa.fault.Malformed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The followers of the site's accounts, as the inbox keeps them: added once, followed again without a second row,
 * removed from one account or from all, counted, bounded, and delivered to once per shared inbox.
 */
class FollowersTest {

    final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    String url;
    Database db;
    Followers followers;

    @BeforeEach
    void open() {
        url = TestDatabase.fresh();
        db = Database.open(url, TestDatabase.user(), "");
        followers = new Followers(db.dsl(), clock, 3);
    }

    @AfterEach
    void close() {
        db.close();
        TestDatabase.drop(url);
    }

    static Follower on(String host, String user, boolean shared) {
        String id = "https://" + host + "/users/" + user;
        return new Follower(id, id + "/inbox", shared ? "https://" + host + "/inbox" : null, id + "#follow-1");
    }

    @Test
    void aFollowerIsAddedOnceAndAFollowAgainKeepsOneRowWithTheNewestInbox() {
        assertThat(followers.add(db.dsl(), "site", on("a.example", "an", true))).isTrue();
        Follower again = new Follower(
                "https://a.example/users/an", "https://a.example/users/an/inbox2", null, "https://a.example/f/2");
        assertThat(followers.add(db.dsl(), "site", again))
                .as("already following")
                .isFalse();
        assertThat(followers.count("site")).isEqualTo(1);
        assertThat(followers.deliveryInboxes(List.of("site"))).containsExactly("https://a.example/users/an/inbox2");
    }

    @Test
    void followersAreCountedPerAccountAndRemovedFromOneOrFromAll() {
        followers.add(db.dsl(), "site", on("a.example", "an", true));
        followers.add(db.dsl(), "section:thoi-su", on("a.example", "an", true));
        followers.add(db.dsl(), "section:thoi-su", on("b.example", "binh", false));
        followers.add(db.dsl(), "author:nguyen-van-an", on("b.example", "binh", false));
        assertThat(followers.countsByActor())
                .isEqualTo(Map.of("author:nguyen-van-an", 1L, "section:thoi-su", 2L, "site", 1L));

        assertThat(followers.remove(db.dsl(), "section:thoi-su", "https://b.example/users/binh"))
                .isTrue();
        assertThat(followers.remove(db.dsl(), "section:thoi-su", "https://b.example/users/binh"))
                .as("no longer following")
                .isFalse();
        assertThat(followers.count("section:thoi-su")).isEqualTo(1);
        assertThat(followers.count("author:nguyen-van-an")).isEqualTo(1);

        assertThat(followers.removeEverywhere(db.dsl(), "https://a.example/users/an"))
                .isEqualTo(2);
        assertThat(followers.count("site")).isZero();
        assertThat(followers.countsByActor()).isEqualTo(Map.of("author:nguyen-van-an", 1L));
    }

    @Test
    void anActivityGoesOnceToEachSharedInboxAndToTheOwnInboxOfFollowersWithoutOne() {
        followers.add(db.dsl(), "site", on("a.example", "an", true));
        followers.add(db.dsl(), "site", on("a.example", "ba", true));
        followers.add(db.dsl(), "section:thoi-su", on("a.example", "an", true));
        followers.add(db.dsl(), "section:thoi-su", on("b.example", "binh", false));
        followers.add(db.dsl(), "section:thoi-su", on("b.example", "cuc", false));
        followers.add(db.dsl(), "section:du-lich", on("c.example", "dung", true));

        assertThat(followers.deliveryInboxes(List.of("site", "section:thoi-su", "author:nobody")))
                .containsExactly(
                        "https://a.example/inbox",
                        "https://b.example/users/binh/inbox",
                        "https://b.example/users/cuc/inbox");
        assertThat(followers.deliveryInboxes(List.of())).isEmpty();
    }

    @Test
    void anAccountTakesNoMoreFollowersThanItsBoundButAFollowAgainStillCounts() {
        for (String user : List.of("a", "b", "c")) {
            followers.add(db.dsl(), "site", on("a.example", user, false));
        }
        assertThatThrownBy(() -> followers.add(db.dsl(), "site", on("a.example", "d", false)))
                .isInstanceOf(Forbidden.class);
        assertThat(followers.add(db.dsl(), "site", on("a.example", "a", true))).isFalse();
        assertThat(followers.add(db.dsl(), "section:thoi-su", on("a.example", "d", false)))
                .as("another account's bound")
                .isTrue();
        assertThat(followers.count("site")).isEqualTo(3);
    }

    @Test
    void idsLongerThanTheTableHoldsAreRefused() {
        String id = "https://a.example/" + "x".repeat(Followers.MAX_URL);
        assertThatThrownBy(() -> followers.add(db.dsl(), "site", new Follower(id, id, null, id)))
                .isInstanceOf(Malformed.class);
        assertThat(followers.count("site")).isZero();
    }
}
