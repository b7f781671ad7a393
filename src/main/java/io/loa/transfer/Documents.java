package io.loa.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Fetches the documents a source is made of, over HTTP(S) or from a file, each bounded in size and time. */
final class Documents {

    /** Far more than any feed document; a bound, so a hostile server cannot fill memory. */
    static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20)).build();

    static boolean isWeb(String source) {
        return source.startsWith("http://") || source.startsWith("https://");
    }

    byte[] get(URI uri) throws IOException {
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            Path file = Path.of(uri);
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/atom+xml, application/rss+xml, application/feed+json, "
                        + "application/xml;q=0.9, */*;q=0.8")
                .header("User-Agent", "Loa-import").build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException(uri + " answered " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException(uri + " is larger than " + MAX_BYTES + " bytes");
                }
                return bytes;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
    }
}
