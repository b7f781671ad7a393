package io.loa.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loa.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code ```sh} block of the README and of the pages of {@code docs/} it links, as written, in that
 * order, with bash, against a fresh demo: one test per block, named by page and line. A block marked
 * {@code <!-- doc-test: skip (reason) -->} is reported as skipped with its reason; every other one must exit with
 * status 0 and print, in order, the lines of the {@code ```text} block that follows it ({@code …} stands for any
 * text).
 *
 * <p>The blocks run in a temporary directory holding a copy of {@code feeds-config/} and of the WordPress export
 * the import page reads, where the test starts Loa as the README does, with the README's environment (no
 * {@code LOA_*} setting but the port, so the demo on the H2 file {@code ./data/loa}), on a free loopback port.
 * Two things are substituted, since {@code target/loa.jar} is built after the tests and fixed ports may be taken:
 * {@code java -jar target/loa.jar} runs {@link io.loa.Main} on this test's own classpath, and every port from
 * 8080 to 8099 is a free port (8080 the test's server). Shell variables a block sets ({@code TOKEN=…}) are
 * kept for the blocks after it. On PostgreSQL the test is skipped: the blocks use the README's embedded database,
 * so a second run would repeat the first.
 */
class DocumentationTest {

    private static final Pattern PAGE_LINK = Pattern.compile("\\]\\((docs/[a-z-]+\\.md)\\)");
    private static final Pattern PORT = Pattern.compile("\\b80[89]\\d\\b");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^\\s*([A-Z][A-Z0-9_]*)=");
    private static final Duration BLOCK_TIME = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static Process server;
    private static final Map<String, String> ports = new HashMap<>();

    @TestFactory
    Stream<DynamicTest> everyShellBlockRunsAsWritten() throws IOException {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "the documentation runs on the embedded database only");
        List<ShellBlock> blocks = new ArrayList<>(ShellBlock.of(Path.of("README.md"), "README.md"));
        for (String page : linkedPages()) {
            blocks.addAll(ShellBlock.of(Path.of(page), page));
        }
        Set<String> variables = new LinkedHashSet<>();
        blocks.forEach(block -> ASSIGNMENT.matcher(block.script()).results().forEach(m -> variables.add(m.group(1))));
        return blocks.stream().map(block -> DynamicTest.dynamicTest(block.toString(), () -> run(block, variables)));
    }

    /** The README links every page of docs/, and those links are the order the pages are read in. */
    private static List<String> linkedPages() throws IOException {
        Set<String> linked = new LinkedHashSet<>();
        Matcher link = PAGE_LINK.matcher(Files.readString(Path.of("README.md")));
        while (link.find()) {
            linked.add(link.group(1));
        }
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            assertThat(linked)
                    .as("the README links every page of docs/")
                    .containsAll(pages.map(page -> "docs/" + page.getFileName()).toList());
        }
        return List.copyOf(linked);
    }

    private static void run(ShellBlock block, Set<String> variables) throws Exception {
        block.skip().ifPresent(reason -> Assumptions.abort(block + " is not run: it " + reason));
        startServerOnce();
        Path script = dir.resolve(".doc-block.sh");
        Path output = dir.resolve(".doc-output.txt");
        Files.writeString(
                script,
                "set -e\n[ -f .doc-vars ] && . ./.doc-vars\n" + substituted(block.script()) + "declare -p "
                        + String.join(" ", variables) + " > .doc-vars 2> /dev/null || true\n");
        ProcessBuilder bash = new ProcessBuilder("bash", script.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        environment(bash);
        Process process = bash.start();
        process.getOutputStream().close();
        boolean ended = process.waitFor(BLOCK_TIME.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        String printed = Files.readString(output);
        assertThat(ended)
                .as(block + " ends within " + BLOCK_TIME + "; it printed:\n" + printed)
                .isTrue();
        assertThat(process.exitValue())
                .as(block + " exits with status 0; it printed:\n" + printed)
                .isZero();
        assertPrints(block, printed);
    }

    /** Each expected line matches a whole printed line, in order; other lines may come between. */
    private static void assertPrints(ShellBlock block, String printed) {
        List<String> lines = printed.lines().toList();
        int at = 0;
        for (String expected : block.expected()) {
            Pattern line = Pattern.compile(Stream.of(substituted(expected).split("…", -1))
                    .map(Pattern::quote)
                    .reduce((a, b) -> a + ".*" + b)
                    .orElse(""));
            while (at < lines.size() && !line.matcher(lines.get(at)).matches()) {
                at++;
            }
            assertThat(at)
                    .as(block + " prints \"" + expected + "\" in its place; it printed:\n" + printed)
                    .isLessThan(lines.size());
            at++;
        }
    }

    private static String substituted(String text) {
        Matcher port = PORT.matcher(
                text.replace("java -jar target/loa.jar", "\"$DOC_TEST_JAVA\" -cp \"$DOC_TEST_CLASSPATH\" io.loa.Main"));
        return port.replaceAll(m -> ports.computeIfAbsent(m.group(), any -> String.valueOf(freePort())));
    }

    /** The test's environment without Loa's settings, and the Java that runs Loa. */
    private static void environment(ProcessBuilder process) {
        Map<String, String> env = process.environment();
        env.keySet().removeIf(name -> name.startsWith("LOA_"));
        env.put("DOC_TEST_JAVA", java());
        env.put("DOC_TEST_CLASSPATH", System.getProperty("java.class.path"));
    }

    private static void startServerOnce() throws IOException {
        if (server != null) {
            return;
        }
        copy(Path.of("feeds-config"));
        copy(Path.of("src/test/resources/import"));
        String port = substituted("8080");
        ProcessBuilder loa = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), "io.loa.Main")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        environment(loa);
        loa.environment().put("LOA_PORT", port);
        server = loa.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                .build();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !server.isAlive() || status(http, ready) == 200);
        assertThat(server.isAlive())
                .as("the demo server started; its log:\n" + Files.readString(dir.resolve("server.log")))
                .isTrue();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int status(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void copy(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(file.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
