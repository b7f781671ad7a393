package io.loa.token;

import static io.loa.db.schema.Tables.EDITOR_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestDatabase;
import io.loa.TestServer;
import io.loa.db.Database;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code token create|list|revoke} run as a separate process against the embedded H2 file while the server holds
 * it open, and what they do is seen by the server at once; a command line they do not fully understand creates
 * nothing.
 */
class TokenCommandTest {

    @TempDir
    static Path dataDir;

    /** On H2 the point is the embedded file, which a second process may open only through AUTO_SERVER. */
    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(
            TestDatabase.isPostgres()
                    ? ServerSetup.defaults()
                    : ServerSetup.defaults().database(() -> TestDatabase.h2File(dataDir)));

    static TestServer server;

    @BeforeAll
    static void start() {
        server = loa.server();
    }

    record Run(int exitCode, String out, String err) {}

    @Test
    void aTokenCreatedFromTheCommandLineWhileTheServerRunsIsAcceptedAtOnceUntilRevoked() throws Exception {
        Run create = loa("token", "create", "--name", "cms", "--sections", "thoi-su,lich-su");
        assertThat(create.exitCode()).as(create.err()).isZero();
        String token = create.out().strip();
        assertThat(token).startsWith("loa_").hasSizeGreaterThan(40);

        String article = Fixtures.article("Tin từ CMS", "thoi-su", "2024-10-01T08:00:00+07:00")
                .toString();
        assertThat(server.put("/api/articles/from-cms", article, token).statusCode())
                .isEqualTo(201);

        Run list = loa("token", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("cms", "active", "thoi-su", "lich-su").doesNotContain(token);

        Run revoke = loa("token", "revoke", "cms");
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(server.put("/api/articles/from-cms", article, token).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theEmbeddedDatabaseLetsInOnlyProcessesOfThisMachine() throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "AUTO_SERVER is H2's");
        Properties lock = new Properties();
        try (var in = Files.newInputStream(dataDir.resolve("loa.lock.db"))) {
            lock.load(in);
        }
        // The address the token command is told to connect to, and the one H2's server listens on.
        String server = lock.getProperty("server");
        assertThat(server).matches("(127\\.0\\.0\\.1|localhost):\\d+");
        int port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
        for (InetAddress address : Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress())
                .toList()) {
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, port), 1000))
                        .as("H2 reachable on " + address)
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void everyCommandOnTheDatabaseFileOfARunningServerWithoutAutoServerSaysWhatToDoInOneLine() throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "AUTO_SERVER is H2's");
        Map<String, String> withoutAutoServer = Map.of("LOA_DB_URL", "jdbc:h2:file:" + dataDir.resolve("loa"));
        Path backup = dataDir.resolve("backup.jsonl");
        Files.writeString(backup, "");
        long tokens = tokenCount();
        for (List<String> args : List.of(
                List.of("token", "create", "--name", "locked-out"),
                List.of("token", "list"),
                List.of("export", dataDir.resolve("export.jsonl").toString()),
                List.of("import", backup.toString()))) {
            Run run = loa(withoutAutoServer, args.toArray(String[]::new));
            String name = args.get(0).equals("token") ? "token " + args.get(1) : args.get(0);
            assertThat(run.exitCode()).as(name + "\n" + run.err()).isEqualTo(1);
            assertThat(run.out()).as(name).isEmpty();
            assertThat(run.err().lines().toList())
                    .as(name)
                    .containsExactly(
                            "Database: " + dataDir.resolve("loa.mv.db") + " (H2)",
                            "loa " + name + ": the database file is in use by another process (a running Loa?): add "
                                    + ";AUTO_SERVER=TRUE to LOA_DB_URL, for the server and the commands alike, or stop it");
        }
        assertThat(tokenCount()).as("tokens").isEqualTo(tokens);
    }

    @Test
    void onlyAHashOfTheTokenIsStored() {
        String token = server.token("hash-check");
        try (Database db = server.database()) {
            String stored = db.dsl()
                    .select(EDITOR_TOKEN.TOKEN_HASH)
                    .from(EDITOR_TOKEN)
                    .where(EDITOR_TOKEN.NAME.eq("hash-check"))
                    .fetchOne(EDITOR_TOKEN.TOKEN_HASH);
            assertThat(stored).hasSize(64).doesNotContain(token.substring(4, 20));
        }
    }

    @Test
    void refusesADuplicateNameAndAnUnknownNameToRevoke() throws Exception {
        assertThat(loa("token", "create", "--name", "twice").exitCode()).isZero();
        Run again = loa("token", "create", "--name", "twice");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err().lines().skip(1))
                .containsExactly(
                        "loa token create: a token named \"twice\" exists already and is in use: revoke it first");
        assertThat(loa("token", "revoke", "nobody").exitCode()).isEqualTo(1);
    }

    @Test
    void theNameOfARevokedTokenMayBeTakenAgainSoAScriptRunTwiceWorks() {
        String article = Fixtures.article("Tên dùng lại", "thoi-su", "2024-10-05T08:00:00+07:00")
                .toString();
        String first = server.token("again");
        assertThat(tokenCommand("revoke", "again").exitCode()).isZero();

        Run create = tokenCommand("create", "--name", "again", "--sections", "du-lich");
        assertThat(create.exitCode()).as(create.err()).isZero();
        String second = create.out().strip();
        assertThat(server.put("/api/articles/name-again", article, first).statusCode())
                .isEqualTo(401);
        assertThat(server.put("/api/articles/name-again", article, second).statusCode())
                .isEqualTo(403);
        assertThat(tokenCommand("list").out().lines().filter(line -> line.startsWith("again ")))
                .singleElement()
                .asString()
                .contains("active", "sections: du-lich");
    }

    @Test
    void everyCommandSaysWhichDatabaseItOpensAndWarnsOfANewOneBesideTheServers(@TempDir Path cwd) throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "about H2 files");
        Map<String, String> env =
                Map.of("LOA_CONFIG", Path.of("feeds-config").toAbsolutePath().toString());
        Path server = cwd.resolve("data/loa.mv.db");
        Run list = loa(cwd, env, "token", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.err().lines()).containsExactly("Database: " + server + " (H2)");

        Map<String, String> elsewhere = new HashMap<>(env);
        elsewhere.put("LOA_DB_URL", "jdbc:h2:file:./elsewhere/loa;AUTO_SERVER=TRUE");
        Path other = cwd.resolve("elsewhere/loa.mv.db");
        Run create = loa(cwd, elsewhere, "token", "create", "--name", "cms");
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.err().lines())
                .containsExactly(
                        "Database: " + other + " (H2)",
                        "Warning: a new database is made in " + other + ", not the server's default one in " + server
                                + ": is LOA_DB_URL the server's?",
                        "Token \"cms\" created for every section. It is shown this once; keep it secret.");

        Run again = loa(cwd, elsewhere, "export", "backup.jsonl");
        assertThat(again.err().lines())
                .as("the database exists now")
                .containsExactly(
                        "Database: " + other + " (H2)", "Exported 0 articles to " + cwd.resolve("backup.jsonl"));
    }

    @Test
    void aMistakeOnTheCommandLineExitsWithStatus2AndCreatesNothing() throws Exception {
        for (String[] args : List.of(
                new String[] {"token"},
                new String[] {"token", "frobnicate"},
                new String[] {"token", "create"},
                new String[] {"token", "create", "--name", "mistyped", "--section", "du-lich"})) {
            long before = tokenCount();
            Run run = loa(args);
            assertThat(run.exitCode())
                    .as(String.join(" ", args) + "\n" + run.err())
                    .isEqualTo(2);
            assertThat(run.err()).contains("usage: java -jar loa.jar token");
            assertThat(tokenCount()).isEqualTo(before);
        }
    }

    @Test
    void anUnknownCommandOrFlagPrintsTheUsageAndStartsNoServer() throws Exception {
        for (String[] args : List.of(
                new String[] {"frobnicate"},
                new String[] {"restore", "backup.jsonl"},
                new String[] {"--port", "9"},
                new String[] {"--config"})) {
            Run run = loa(args);
            assertThat(run.exitCode())
                    .as(String.join(" ", args) + "\n" + run.err())
                    .isEqualTo(2);
            assertThat(run.err())
                    .contains("usage: java -jar loa.jar [--config DIR]")
                    .doesNotContain("Loa serves");
        }
    }

    // The refusals below run the command in this JVM: a new process for each would only add seconds, and the
    // test above shows the exit status reaching the shell through Main.

    @Test
    void anUnknownFlagIsRefused() {
        assertRefusedCreatingNothing("\"--section\"", "create", "--name", "unknown-flag", "--section", "du-lich");
        assertRefusedCreatingNothing("\"--section\"", "create", "--name", "unknown-flag", "--section=du-lich");
        assertRefusedCreatingNothing("\"-n\"", "create", "-n", "unknown-flag");
        assertRefusedCreatingNothing("\"--all\"", "list", "--all");
    }

    @Test
    void aFlagWithoutItsValueIsRefused() {
        assertRefusedCreatingNothing("--sections", "create", "--name", "missing-value", "--sections");
        assertRefusedCreatingNothing("--sections", "create", "--sections", "--name", "missing-value");
        assertRefusedCreatingNothing("--sections", "create", "--name", "missing-value", "--sections=");
        assertRefusedCreatingNothing("--sections", "create", "--name", "missing-value", "--sections", "");
        assertRefusedCreatingNothing("--name", "create", "--name");
        assertRefusedCreatingNothing("--config", "create", "--name", "missing-value", "--config");
    }

    @Test
    void aSectionListThatNamesNoSectionIsRefused() {
        assertRefusedCreatingNothing("--sections", "create", "--name", "no-section", "--sections", ",");
        assertRefusedCreatingNothing("--sections", "create", "--name", "no-section", "--sections", " , ,");
        assertRefusedCreatingNothing("--sections", "create", "--name", "no-section", "--sections=,");
    }

    @Test
    void aSectionThatIsNotConfiguredIsRefused() {
        assertRefusedCreatingNothing(
                "\"khong-co\"", "create", "--name", "unknown-section", "--sections", "du-lich,khong-co");
        assertRefusedCreatingNothing("\"all\"", "create", "--name", "unknown-section", "--sections", "all");
    }

    @Test
    void aFlagGivenTwiceIsRefused() {
        assertRefusedCreatingNothing("--name", "create", "--name", "twice-given", "--name", "y");
        assertRefusedCreatingNothing(
                "--sections", "create", "--name", "twice-given", "--sections", "du-lich", "--sections=lich-su");
    }

    @Test
    void aWordNoSubcommandTakesIsRefused() {
        assertRefusedCreatingNothing("\"du-lich\"", "create", "--name", "stray-word", "du-lich");
        assertRefusedCreatingNothing("\"extra\"", "list", "extra");
        assertRefusedCreatingNothing("\"b\"", "revoke", "a", "b");
        assertRefusedCreatingNothing("NAME", "revoke");
        assertRefusedCreatingNothing("NAME", "revoke", "--config", "feeds-config");
    }

    @Test
    void anUnknownSubcommandIsRefusedWithTheWholeUsage() {
        Run run = tokenCommand("frobnicate", "--name", "x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("\"frobnicate\"", "token create", "token list", "token revoke");
    }

    @Test
    void aRefusedRevokeLeavesTheTokenActive() {
        String token = server.token("still-active");
        assertRefusedCreatingNothing("\"extra\"", "revoke", "still-active", "extra");
        assertRefusedCreatingNothing("\"--nme\"", "revoke", "still-active", "--nme", "x");
        String article = Fixtures.article("Vẫn còn hiệu lực", "thoi-su", "2024-10-02T08:00:00+07:00")
                .toString();
        assertThat(server.put("/api/articles/still-active", article, token).statusCode())
                .isEqualTo(201);
    }

    @Test
    void flagsMayBeWrittenFlagEqualsValue() {
        Run create = tokenCommand("create", "--name=du-lich-desk", "--sections=du-lich", "--config=feeds-config");
        assertThat(create.exitCode()).as(create.err()).isZero();
        String token = create.out().strip();

        String travel = Fixtures.article("Du lịch Hà Tĩnh", "du-lich", "2024-10-03T08:00:00+07:00")
                .toString();
        String news = Fixtures.article("Thời sự", "thoi-su", "2024-10-03T09:00:00+07:00")
                .toString();
        assertThat(server.put("/api/articles/travel-desk", travel, token).statusCode())
                .isEqualTo(201);
        assertThat(server.put("/api/articles/news-desk", news, token).statusCode())
                .isEqualTo(403);
    }

    @Test
    void theConfigFlagMayStandBeforeTheNameToRevoke() {
        String token = server.token("revoked-with-config");
        Run revoke = tokenCommand("revoke", "--config", "feeds-config", "revoked-with-config");
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        String article = Fixtures.article("Đã thu hồi", "thoi-su", "2024-10-04T08:00:00+07:00")
                .toString();
        assertThat(server.put("/api/articles/revoked-with-config", article, token)
                        .statusCode())
                .isEqualTo(401);
    }

    /**
     * Runs {@code token ARGS} and checks it was refused as a usage mistake: status 2, nothing on stdout, a reason
     * naming {@code culprit} on the first line of stderr, then the subcommand's usage line, and no new token.
     */
    private static void assertRefusedCreatingNothing(String culprit, String... args) {
        long before = tokenCount();
        Run run = tokenCommand(args);
        String command = "token " + String.join(" ", args);
        assertThat(run.exitCode()).as(command + "\n" + run.err()).isEqualTo(2);
        assertThat(run.out()).as(command).isEmpty();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).as(command).hasSize(2);
        assertThat(lines.get(0)).as(command).startsWith("loa token").contains(culprit);
        assertThat(lines.get(1)).as(command).startsWith("usage: java -jar loa.jar token " + args[0]);
        assertThat(tokenCount()).as(command).isEqualTo(before);
    }

    private static long tokenCount() {
        try (Database db = server.database()) {
            return db.dsl().fetchCount(EDITOR_TOKEN);
        }
    }

    /** Runs {@code token ARGS} as Main does, in this JVM, with the server's settings. */
    private static Run tokenCommand(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new TokenCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(server.env(), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs Loa's main class in a new JVM with the server's settings, as an operator would. */
    private static Run loa(String... args) throws IOException, InterruptedException {
        return loa(Map.of(), args);
    }

    /** The same with some settings of the server's changed. */
    private static Run loa(Map<String, String> overrides, String... args) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(server.env());
        env.putAll(overrides);
        return loa(Path.of(""), env, args);
    }

    /** The same in the working directory {@code cwd}, with only the settings {@code env}. */
    private static Run loa(Path cwd, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.loa.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(cwd.toAbsolutePath().toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LOA_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
