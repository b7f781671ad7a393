package io.loa.token;

import static io.loa.db.schema.Tables.EDITOR_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.loa.Fixtures;
import io.loa.TestDatabase;
import io.loa.TestServer;
import io.loa.db.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code token create|list|revoke} run as a separate process against the embedded H2 file while the server holds
 * it open, and what they do is seen by the server at once.
 */
class TokenCommandTest {

    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() {
        // On H2 the point is the embedded file, which a second process may open only through AUTO_SERVER.
        server = TestDatabase.isPostgres() ? TestServer.start()
                : TestServer.start(Map.of("LOA_DB_URL", "jdbc:h2:file:" + dataDir.resolve("loa") + ";AUTO_SERVER=TRUE"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Run(int exitCode, String out, String err) {}

    @Test
    void aTokenCreatedFromTheCommandLineWhileTheServerRunsIsAcceptedAtOnceUntilRevoked() throws Exception {
        Run create = loa("token", "create", "--name", "cms", "--sections", "thoi-su,lich-su");
        assertThat(create.exitCode()).as(create.err()).isZero();
        String token = create.out().strip();
        assertThat(token).startsWith("loa_").hasSizeGreaterThan(40);

        String article = Fixtures.article("Tin từ CMS", "thoi-su", "2024-10-01T08:00:00+07:00").toString();
        assertThat(server.put("/api/articles/from-cms", article, token).statusCode()).isEqualTo(201);

        Run list = loa("token", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("cms", "active", "thoi-su", "lich-su").doesNotContain(token);

        Run revoke = loa("token", "revoke", "cms");
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(server.put("/api/articles/from-cms", article, token).statusCode()).isEqualTo(401);
    }

    @Test
    void onlyAHashOfTheTokenIsStored() {
        String token = server.token("hash-check");
        try (Database db = server.database()) {
            String stored = db.dsl().select(EDITOR_TOKEN.TOKEN_HASH).from(EDITOR_TOKEN)
                    .where(EDITOR_TOKEN.NAME.eq("hash-check")).fetchOne(EDITOR_TOKEN.TOKEN_HASH);
            assertThat(stored).hasSize(64).doesNotContain(token.substring(4, 20));
        }
    }

    @Test
    void refusesUnknownSectionsDuplicateNamesAndBadUsage() throws Exception {
        assertThat(loa("token", "create", "--name", "x", "--sections", "khong-co").exitCode()).isEqualTo(1);
        assertThat(loa("token", "create", "--name", "twice").exitCode()).isZero();
        assertThat(loa("token", "create", "--name", "twice").exitCode()).isEqualTo(1);
        assertThat(loa("token", "create").exitCode()).isEqualTo(2);
        assertThat(loa("token", "revoke", "nobody").exitCode()).isEqualTo(1);
        assertThat(loa("token", "frobnicate").exitCode()).isEqualTo(2);
    }

    /** Runs Loa's main class in a new JVM with the server's settings, as an operator would. */
    private static Run loa(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.loa.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(server.env());
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
