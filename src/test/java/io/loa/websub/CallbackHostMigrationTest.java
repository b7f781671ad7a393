package io.loa.websub;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.TestDatabase;
import io.loa.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The hosts V6 gives rows filed before the hub kept them: the ones it reads from a callback today. */
class CallbackHostMigrationTest {

    static final List<String> CALLBACKS = List.of(
            "http://Example.COM:8080/cb?x=1",
            "https://[::1]:9/cb",
            "http://[FE80::1]/cb",
            "https://a.b.c/websub",
            "http://127.0.0.1/cb",
            "https://xn--bo-hatinh.vn:443/cb");

    @Test
    void rowsFiledBeforeHostsWereKeptGetTheHostsTheHubReadsFromTheirCallbacks() throws Exception {
        String url = TestDatabase.fresh();
        try {
            TestDatabase.migrateTo(url, "5");
            try (Connection db = DriverManager.getConnection(url, TestDatabase.user(), "")) {
                for (String callback : CALLBACKS) {
                    insert(
                            db,
                            "INSERT INTO websub_request (mode, topic, callback, origin, requested_at) "
                                    + "VALUES ('subscribe', '/feeds/all.atom', ?, ?, ?)",
                            callback);
                    insert(
                            db,
                            "INSERT INTO websub_subscription (topic, callback, origin, delivery, created_at) "
                                    + "VALUES ('/feeds/all.atom', ?, ?, 'content', ?)",
                            callback);
                }
            }
            try (Database migrated = Database.open(url, TestDatabase.user(), "")) {
                Map<String, String> expected = CALLBACKS.stream().collect(Collectors.toMap(c -> c, Callbacks::host));
                for (String table : List.of("websub_request", "websub_subscription")) {
                    Map<String, String> hosts = migrated.dsl()
                            .resultQuery("SELECT callback, host FROM " + table)
                            .fetchMap(r -> r.get(0, String.class), r -> r.get(1, String.class));
                    assertThat(hosts).as(table).isEqualTo(expected);
                }
            }
            assertThat(Callbacks.host("http://Example.COM:8080/cb")).isEqualTo("example.com");
            assertThat(Callbacks.host("https://[::1]:9/cb")).isEqualTo("[::1]");
        } finally {
            TestDatabase.drop(url);
        }
    }

    private static void insert(Connection db, String sql, String callback) throws Exception {
        try (PreparedStatement insert = db.prepareStatement(sql)) {
            insert.setString(1, callback);
            insert.setString(2, Callbacks.origin(callback));
            insert.setObject(3, OffsetDateTime.parse("2025-03-01T02:00:00Z"));
            insert.execute();
        }
    }
}
