package io.loa.transfer;

import static io.loa.FeedHost.atom;
import static io.loa.transfer.ImportExportTest.loa;
import static org.assertj.core.api.Assertions.assertThat;

import io.loa.FeedHost;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import io.loa.db.Database;
import io.loa.transfer.ImportExportTest.Run;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import reads what the operator named, and only so much of what it leads to: links and redirects are followed
 * over http(s) to public addresses (or the named origin), and the walk is bounded in documents, bytes and time,
 * each bound named when it stops the import. Every source here is a web server on a loopback address.
 */
class ImportBoundsTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    /** How a link that could not be fetched is reported, before the reason. */
    private static final String UNFETCHED = ": unreadable: could not fetch it: ";

    @TempDir
    Path dir;

    @Test
    void aLinkToALocalFileIsNotFollowedAndNothingOfTheFileIsStored() throws Exception {
        Path local = Files.writeString(dir.resolve("local.atom"), atom(List.of("tu-tep-1"), Map.of()));
        try (FeedHost host = new FeedHost(1)) {
            host.serve(
                    "/feed.atom",
                    atom(
                            List.of("tu-web-1"),
                            Map.of("prev-archive", local.toUri().toString(), "next", host.url("/to-file.atom"))));
            host.redirect("/to-file.atom", local.toUri().toString());
            Run run = loa(server().env(), "import", host.url("/feed.atom"));
            assertThat(run.err())
                    .contains("skipped " + local.toUri() + UNFETCHED
                            + "links are followed over http and https only, not file:");
            assertThat(run.err())
                    .contains("skipped " + host.url("/to-file.atom") + UNFETCHED + host.url("/to-file.atom")
                            + " redirects to " + local.toUri() + ", not an http or https URL: not followed");
            assertThat(run.exitCode())
                    .as("the link and the redirect are reported as skipped")
                    .isEqualTo(1);
            assertThat(run.out()).contains("imported 1, updated 0, unchanged 0, skipped 2");
        }
        assertThat(status("tu-web-1")).isEqualTo(200);
        assertThat(status("tu-tep-1")).as("nothing of the local file").isEqualTo(404);
    }

    @Test
    void linksAndRedirectsToAnotherPrivateHostAreFollowedOnlyWithTheFlag() throws Exception {
        try (FeedHost named = new FeedHost(1);
                FeedHost other = new FeedHost(2)) {
            other.serve("/old.atom", atom(List.of("khac-1"), Map.of()));
            other.serve("/moved.atom", atom(List.of("khac-2"), Map.of()));
            // The named origin is trusted wherever it is: its own links are followed without the flag.
            named.serve(
                    "/feed.atom",
                    atom(
                            List.of("goc-1"),
                            Map.of("prev-archive", named.url("/page-2.atom"), "next", named.url("/moved.atom"))));
            named.serve("/page-2.atom", atom(List.of("goc-2"), Map.of("prev-archive", other.url("/old.atom"))));
            named.redirect("/moved.atom", other.url("/moved.atom"));

            Run guarded = loa(server().env(), "import", named.url("/feed.atom"));
            assertThat(guarded.exitCode()).isEqualTo(1);
            assertThat(guarded.out()).contains("imported 2, updated 0, unchanged 0, skipped 2");
            assertThat(guarded.err())
                    .contains("skipped " + other.url("/old.atom") + UNFETCHED
                            + other.url("/old.atom")
                            + ": 127.0.0.2 has only private addresses, which links and redirects do"
                            + " not lead to without --allow-private-links");
            assertThat(guarded.err())
                    .contains("skipped " + named.url("/moved.atom") + UNFETCHED + other.url("/moved.atom")
                            + ": 127.0.0.2 has only private addresses");
            assertThat(other.asked()).as("nothing reached the other host").isEmpty();
            assertThat(named.asked()).containsExactlyInAnyOrder("/feed.atom", "/page-2.atom", "/moved.atom");
            assertThat(List.of(status("goc-1"), status("goc-2"), status("khac-1"), status("khac-2")))
                    .containsExactly(200, 200, 404, 404);

            Run allowed = loa(server().env(), "import", named.url("/feed.atom"), "--allow-private-links");
            assertThat(allowed.exitCode()).as(allowed.err()).isZero();
            assertThat(allowed.out()).contains("imported 2, updated 0, unchanged 2, skipped 0");
            assertThat(other.asked()).containsExactlyInAnyOrder("/old.atom", "/moved.atom");
            assertThat(List.of(status("khac-1"), status("khac-2"))).containsExactly(200, 200);
        }
    }

    @Test
    void anEndlessArchiveChainStopsAtEachBoundWithItsName() throws Exception {
        try (FeedHost host = new FeedHost(1)) {
            FeedHost.Answer endless = exchange -> {
                int page = Integer.parseInt(exchange.getRequestURI().getPath().replaceAll("\\D", ""));
                FeedHost.send(
                        exchange,
                        200,
                        "application/atom+xml",
                        atom(
                                List.of("vo-tan-" + page),
                                Map.of("prev-archive", host.url("/page-" + (page + 1) + ".atom"))));
            };
            host.otherwise(endless);
            Run documents = loa(server().env(), "import", host.url("/page-1.atom"), "--max-documents", "5");
            assertThat(documents.exitCode()).isEqualTo(1);
            assertThat(documents.out())
                    .startsWith("Stopped at --max-documents 5: the source leads to more documents; "
                            + "imported 5, updated 0, unchanged 0, skipped 0 in ");
            assertThat(documents.err()).contains("loa import: stopped at --max-documents 5");
            assertThat(host.asked()).hasSize(5);
            assertThat(List.of(status("vo-tan-5"), status("vo-tan-6"))).containsExactly(200, 404);

            int page = atom(List.of("vo-tan-1"), Map.of("prev-archive", host.url("/page-2.atom")))
                    .getBytes(StandardCharsets.UTF_8)
                    .length;
            Run bytes = loa(server().env(), "import", host.url("/page-1.atom"), "--max-bytes=" + (3 * page + 10));
            assertThat(bytes.exitCode()).isEqualTo(1);
            assertThat(bytes.out())
                    .startsWith("Stopped at --max-bytes " + (3 * page + 10)
                            + ": the source holds more bytes; imported 0, updated 0, unchanged 3, skipped 0 in ");

            host.otherwise(exchange -> {
                pause(Duration.ofMillis(200));
                endless.send(exchange);
            });
            Run time = loa(server().env(), "import", host.url("/page-1.atom"), "--max-time", "1s");
            assertThat(time.exitCode()).isEqualTo(1);
            assertThat(time.out()).startsWith("Stopped at --max-time 1s: the source was not read to its end; ");
        }
    }

    @Test
    void aSourceTricklingAByteASecondIsCutByTheRequestDeadline() throws Exception {
        try (FeedHost host = new FeedHost(1)) {
            host.otherwise(exchange -> {
                exchange.sendResponseHeaders(200, 1000);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < 1000 && pause(Duration.ofSeconds(1)); i++) {
                    out.write('<');
                    out.flush();
                }
            });
            long started = System.nanoTime();
            Run named = loa(server().env(), "import", host.url("/trickle.atom"), "--max-request-time", "2s");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(named.exitCode()).isEqualTo(1);
            assertThat(named.err().lines())
                    .containsExactly(
                            database(),
                            "loa import: " + host.url("/trickle.atom")
                                    + " did not answer in full within 2s (--max-request-time)");

            // A link that trickles is skipped, and the rest of the source comes in.
            host.serve("/feed.atom", atom(List.of("nhanh-1"), Map.of("prev-archive", host.url("/trickle.atom"))));
            Run linked = loa(server().env(), "import", host.url("/feed.atom"), "--max-request-time=2s");
            assertThat(linked.exitCode()).isEqualTo(1);
            assertThat(linked.err())
                    .contains("skipped " + host.url("/trickle.atom") + UNFETCHED + host.url("/trickle.atom")
                            + " did not answer in full within 2s (--max-request-time)");
            assertThat(status("nhanh-1")).isEqualTo(200);
        }
    }

    @Test
    void boundsAreReadStrictly() {
        for (List<String> flags : List.of(
                List.of("--max-documents", "0"),
                List.of("--max-documents=many"),
                List.of("--max-bytes", "4GB"),
                List.of("--max-time=90x"),
                List.of("--max-request-time", "-1s"),
                List.of("--allow-private-links=yes"))) {
            Run run = loa(
                    server().env(),
                    "import",
                    "http://127.0.0.1:9/feed.atom",
                    flags.get(0),
                    flags.size() > 1 ? flags.get(1) : "--dry-run");
            assertThat(run.exitCode()).as(flags.toString()).isEqualTo(2);
            assertThat(run.err())
                    .as(flags.toString())
                    .contains("usage: java -jar loa.jar import SOURCE", "[--max-documents N]");
        }
    }

    @Test
    void aFailureSaysWhatFailedInOneLine() {
        Run refused = loa(server().env(), "import", "http://127.0.0.1:1/x.atom");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().lines())
                .containsExactly(database(), "loa import: http://127.0.0.1:1/x.atom: Connection refused");

        Path nowhere = dir.resolve("no/such/dir/x.jsonl");
        Run export = loa(server().env(), "export", nowhere.toString());
        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.err())
                .isEqualTo(
                        "loa export: cannot write " + nowhere + ": there is no folder " + nowhere.getParent() + "\n");
    }

    /** The line a command begins with: the database it opens. */
    private static String database() {
        return "Database: " + Database.describe(server().env().get("LOA_DB_URL"));
    }

    /** Sleeps, and says whether it slept the whole time (false when the server is stopping). */
    private static boolean pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static TestServer server() {
        return loa.server();
    }

    private static int status(String id) {
        return server().get("/api/articles/" + id).statusCode();
    }
}
