package io.loa.websub;

import io.loa.net.GuardedClient;
import io.loa.net.HostLookup;
import io.loa.net.PublicAddresses;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The hub's HTTP client, with the same bounds on every call: a time limit for the whole exchange, at most
 * {@link #MAX_ANSWER_BYTES} of an answer kept (a subscriber answering 200 with a whole page has still
 * answered 200), no redirects, at most {@link #PER_CALLBACK} connections to one callback host (a slow
 * subscriber queues its own deliveries, never anyone else's), host names resolved within a deadline (see
 * {@link GuardedClient}), and public addresses only unless allowed.
 * Calls never block the caller: each returns a future.
 */
final class Outbound implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_ANSWER_BYTES = 16 * 1024;
    static final int PER_CALLBACK = 2;

    /** What a callback answered. */
    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient client;

    /**
     * @param name what its threads are called after (the hub has one client for verifications and one for
     *     deliveries, so neither kind of call ever waits for the other's connections, threads or lookups)
     * @param names how callback hosts are resolved
     */
    Outbound(String name, boolean allowPrivateAddresses, String userAgent, HostLookup names) {
        client = GuardedClient.of(
                name, userAgent, names, PublicAddresses.guard(allowPrivateAddresses, ", which callbacks may not use"));
        client.setIdleTimeout(30_000);
        client.setMaxConnectionsPerDestination(PER_CALLBACK);
        // More than the hub ever has in flight to one host (Hub's lanes), so no call is refused for it.
        client.setMaxRequestsQueuedPerDestination(256);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The WebSub HTTP client could not start", e);
        }
    }

    CompletableFuture<Answer> get(URI uri) {
        return send(client.newRequest(uri).method(HttpMethod.GET));
    }

    CompletableFuture<Answer> post(URI uri, String contentType, byte[] body, Map<String, String> headers) {
        Request request =
                client.newRequest(uri).method(HttpMethod.POST).body(new BytesRequestContent(contentType, body));
        request.headers(h -> headers.forEach(h::put));
        return send(request);
    }

    private static CompletableFuture<Answer> send(Request request) {
        request.timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        request.send(new Response.Listener() {
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();

            /** Keeps the start of the answer (a challenge is short); the rest is read and dropped. */
            @Override
            public void onContent(Response response, ByteBuffer content) {
                int room = MAX_ANSWER_BYTES - body.size();
                if (room > 0) {
                    byte[] bytes = new byte[Math.min(room, content.remaining())];
                    content.get(bytes);
                    body.writeBytes(bytes);
                }
            }

            @Override
            public void onComplete(Result result) {
                if (result.isFailed()) {
                    answer.completeExceptionally(result.getFailure());
                } else {
                    answer.complete(
                            new Answer(result.getResponse().getStatus(), body.toString(StandardCharsets.UTF_8)));
                }
            }
        });
        return answer;
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The WebSub HTTP client did not stop cleanly", e);
        }
    }

    /** Fields as {@code application/x-www-form-urlencoded}, which is also how a query string is written. */
    static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    /** What went wrong, in words safe for logs and the operators' view (no URL, so no secret in a query). */
    static String describe(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String message = cause.getMessage() == null
                ? ""
                : ": " + cause.getMessage().lines().findFirst().orElse("");
        // Some messages dump a whole connection's state; the start says what happened.
        return cause.getClass().getSimpleName() + (message.length() > 120 ? message.substring(0, 119) + "…" : message);
    }
}
