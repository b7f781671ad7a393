package io.loa.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loa.ServerSetup;
import io.loa.TestServer;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting Loa as an operator does: a port already taken, {@code --help}, and the address it listens on. */
class StartTest {

    @Test
    void aPortInUseIsSaidInOneLineBeforeTheDatabaseIsOpened(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            LoaProcess loa =
                    new LoaProcess(dir, Map.of("LOA_PORT", String.valueOf(taken.getLocalPort()), "LOA_DEMO", "true"));
            Path stdout = dir.resolve("stdout.log");
            Path stderr = dir.resolve("stderr.log");
            Process server = loa.command(stdout, stderr);
            boolean ended = server.waitFor(60, TimeUnit.SECONDS);
            server.destroyForcibly();
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            assertThat(ended).as("ended by itself\n" + err).isTrue();
            assertThat(server.exitValue()).as(err).isEqualTo(1);
            assertThat(err).isEqualTo("Loa cannot start: port " + taken.getLocalPort() + " is in use (LOA_PORT)\n");
            assertThat(dir.resolve("loa.mv.db"))
                    .as("the database, never opened, so no demo loaded")
                    .doesNotExist();
        }
    }

    @Test
    void helpPrintsTheUsageAndExits0(@TempDir Path dir) throws Exception {
        for (String help : new String[] {"--help", "-h", "help"}) {
            Path stdout = dir.resolve("stdout.log");
            Path stderr = dir.resolve("stderr.log");
            Process loa = new LoaProcess(dir, Map.of()).command(stdout, stderr, help);
            assertThat(loa.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(loa.exitValue()).as(help).isZero();
            assertThat(Files.readString(stdout, StandardCharsets.UTF_8))
                    .as(help)
                    .startsWith("usage: java -jar loa.jar [--config DIR]")
                    .contains("token create|list|revoke", "import SOURCE", "export FILE");
            assertThat(Files.readString(stderr, StandardCharsets.UTF_8))
                    .as(help)
                    .isEmpty();
            assertThat(dir.resolve("loa.mv.db")).doesNotExist();
        }
    }

    @Test
    void loaListensOnTheAddressLoaBindNamesAlone() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (TestServer server =
                ServerSetup.defaults().setting("LOA_BIND", "127.0.0.2").start()) {
            int port = Integer.parseInt(server.env().get("LOA_PORT"));
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + port + "/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        }
    }
}
