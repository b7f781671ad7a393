package io.loa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Editors writing the same article at once end with one article, and can refuse to overwrite what they have not seen. */
class ConcurrentWritesTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = loa.server();
        token = server.token("desk");
    }

    @Test
    void concurrentPutsOfOneIdEndWithExactlyOneArticle() throws Exception {
        ExecutorService editors = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> puts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String body = Fixtures.article("Cùng lúc " + i, "thoi-su", "2024-11-01T08:00:00+07:00")
                        .toString();
                puts.add(() -> server.put("/api/articles/same-id", body, token).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : editors.invokeAll(puts)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 201).containsOnlyOnce(201);
        } finally {
            editors.shutdown();
        }
        long copies = server.feed("/feeds/thoi-su.atom").getEntries().stream()
                .filter(e -> e.getUri().endsWith(":article:same-id"))
                .count();
        assertThat(copies).isEqualTo(1);
        try (var db = server.database()) {
            assertThat(db.dsl()
                            .fetchCount(
                                    io.loa.db.schema.Tables.ARTICLE, io.loa.db.schema.Tables.ARTICLE.ID.eq("same-id")))
                    .isEqualTo(1);
            assertThat(db.dsl()
                            .fetchCount(
                                    io.loa.db.schema.Tables.ARTICLE_SECTION,
                                    io.loa.db.schema.Tables.ARTICLE_SECTION.ARTICLE_ID.eq("same-id")))
                    .isEqualTo(1);
        }
    }

    @Test
    void ifMatchRefusesToOverwriteAVersionTheEditorHasNotSeen() {
        ObjectNode article = Fixtures.article("Phiên bản một", "lich-su", "2024-11-02T08:00:00+07:00");
        HttpResponse<String> created = server.put("/api/articles/versioned", article.toString(), token);
        String v1 = created.headers().firstValue("ETag").orElseThrow();
        assertThat(server.get("/api/articles/versioned").headers().firstValue("ETag"))
                .contains(v1);

        article.put("title", "Phiên bản hai");
        HttpResponse<String> second = conditionalPut("versioned", article, "If-Match", v1);
        assertThat(second.statusCode()).isEqualTo(200);
        String v2 = second.headers().firstValue("ETag").orElseThrow();
        assertThat(v2).isNotEqualTo(v1);

        article.put("title", "Phiên bản cũ đè lên");
        HttpResponse<String> stale = conditionalPut("versioned", article, "If-Match", v1);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(server.get("/api/articles/versioned").body()).contains("Phiên bản hai");

        assertThat(conditionalPut("versioned", article, "If-Match", "\"other\", " + v2)
                        .statusCode())
                .isEqualTo(200);
        assertThat(conditionalPut("never-made", article, "If-Match", "*").statusCode())
                .isEqualTo(412);
    }

    @Test
    void aCopyStillCurrentIsRevalidatedWith304AndAnEditEndsThat() {
        ObjectNode article = Fixtures.article("Bản sao của CMS", "lich-su", "2024-11-04T08:00:00+07:00");
        String v1 = server.put("/api/articles/synced", article.toString(), token)
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        HttpResponse<String> same = server.revalidate("/api/articles/synced", v1);
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(same.headers().firstValue("ETag")).contains(v1);
        assertThat(server.revalidate("/api/articles/synced", "W/" + v1).statusCode())
                .isEqualTo(304);

        article.put("title", "Bản sao đã sửa");
        String v2 = server.put("/api/articles/synced", article.toString(), token)
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        HttpResponse<String> changed = server.revalidate("/api/articles/synced", v1);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).contains(v2);
        assertThat(changed.body()).contains("Bản sao đã sửa");
    }

    @Test
    void ifNoneMatchStarOnlyCreates() {
        ObjectNode article = Fixtures.article("Chỉ tạo mới", "du-lich", "2024-11-03T08:00:00+07:00");
        assertThat(conditionalPut("create-only", article, "If-None-Match", "*").statusCode())
                .isEqualTo(201);
        article.put("title", "Ghi đè");
        assertThat(conditionalPut("create-only", article, "If-None-Match", "*").statusCode())
                .isEqualTo(412);
        assertThat(server.get("/api/articles/create-only").body()).contains("Chỉ tạo mới");
    }

    private static HttpResponse<String> conditionalPut(String id, ObjectNode article, String header, String value) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/articles/" + id))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header(header, value)
                .PUT(HttpRequest.BodyPublishers.ofString(article.toString())));
    }
}
