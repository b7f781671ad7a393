package io.loa.transfer;

import io.loa.cli.Commands;
import io.loa.net.GuardedClient;
import io.loa.net.HostLookup;
import io.loa.net.PublicAddresses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Fetches the documents an import reads. What the operator named is read wherever it is: a file, or any URL. What
 * a document leads to (a link, or a redirect of any request) is followed over http and https only, and connected
 * to only at a public address ({@link PublicAddresses}, judged on the address actually connected to), unless
 * {@code --allow-private-links}; the one exception is the origin the operator named, whose host and port are
 * trusted wherever they resolve. Each document is bounded in size ({@link #MAX_DOCUMENT_BYTES}) and each request
 * in time, and all of them together by the walk's {@link Budget}.
 */
final class Documents implements AutoCloseable {

    /** Far more than any feed document; a bound, so a hostile server cannot fill memory. */
    static final int MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
    /** RFC 9110 (15.4) leaves the number to the client; five is what a moved feed needs, and no loop gets far. */
    static final int MAX_REDIRECTS = 5;

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String ACCEPT =
            "application/atom+xml, application/rss+xml, application/feed+json, " + "application/xml;q=0.9, */*;q=0.8";

    private final URI named;
    private final ImportLimits limits;
    private final Budget budget;
    private final StopRequest stop;
    private final HostLookup names;
    private HttpClient client;

    Documents(URI named, ImportLimits limits, StopRequest stop, HostLookup names) {
        this.named = named;
        this.limits = limits;
        this.budget = new Budget(limits);
        this.stop = stop;
        this.names = names;
    }

    static boolean isWeb(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    }

    /** The document the operator named. */
    byte[] named() throws IOException {
        budget.document();
        if (isWeb(named)) {
            return fetch(named);
        }
        Path file = Path.of(named);
        long size = Files.size(file);
        if (size > budget.bytesLeft()) {
            throw budget.outOfBytes();
        }
        if (size > MAX_DOCUMENT_BYTES) {
            throw new IOException(file + " is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        budget.spent(size);
        return Files.readAllBytes(file);
    }

    /** A document that a document links to; an IOException says why it is not read. */
    byte[] linked(URI link) throws IOException {
        if (!isWeb(link)) {
            throw new IOException("links are followed over http and https only, not " + link.getScheme() + ":");
        }
        budget.document();
        return fetch(link);
    }

    private byte[] fetch(URI uri) throws IOException {
        URI next = uri;
        for (int redirects = 0; ; redirects++) {
            Fetched fetched = exchange(next);
            if (!REDIRECTS.contains(fetched.status())) {
                if (fetched.status() != 200) {
                    throw new IOException(next + " answered " + fetched.status());
                }
                return fetched.body();
            }
            if (fetched.location() == null) {
                throw new IOException(next + " answered " + fetched.status() + " without a Location");
            }
            if (redirects == MAX_REDIRECTS) {
                throw new IOException(uri + " redirects more than " + MAX_REDIRECTS + " times");
            }
            URI target;
            try {
                target = next.resolve(fetched.location());
            } catch (IllegalArgumentException e) {
                throw new IOException(next + " redirects to something that is not a URL: " + fetched.location());
            }
            if (!isWeb(target)) {
                throw new IOException(next + " redirects to " + target + ", not an http or https URL: not followed");
            }
            next = target;
        }
    }

    private record Fetched(int status, String location, byte[] body) {}

    /** One request and its answer, within the request's time and the document's and the walk's bytes. */
    private Fetched exchange(URI uri) throws IOException {
        stop.check();
        Duration time = budget.requestTime();
        long room = Math.min(MAX_DOCUMENT_BYTES, budget.bytesLeft());
        Request request = client().newRequest(uri)
                .method(HttpMethod.GET)
                .timeout(time.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> h.put(HttpHeader.ACCEPT, ACCEPT));
        Body body = new Body(room);
        CompletableFuture<Result> result = new CompletableFuture<>();
        request.onResponseContent(body).send(result::complete);
        try {
            CompletableFuture.anyOf(result, stop.asked()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        } catch (ExecutionException neverThrown) {
            throw new IllegalStateException("neither future completes exceptionally", neverThrown);
        } finally {
            budget.spent(body.received);
            if (!result.isDone()) {
                request.abort(new IOException("stopped"));
            }
        }
        stop.check();
        Result done = result.join();
        if (done.isFailed()) {
            throw failure(uri, done.getFailure(), time, room);
        }
        Response response = done.getResponse();
        return new Fetched(response.getStatus(), response.getHeaders().get(HttpHeader.LOCATION), body.bytes());
    }

    private IOException failure(URI uri, Throwable failure, Duration time, long room) {
        if (failure instanceof TooLarge) {
            if (room < MAX_DOCUMENT_BYTES) {
                throw budget.outOfBytes();
            }
            return new IOException(uri + " is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        if (failure instanceof TimeoutException) {
            if (budget.spentTheWalk(time)) {
                throw budget.timeUp();
            }
            return new IOException(
                    uri + " did not answer in full within " + Budget.written(time) + " (--max-request-time)");
        }
        return new IOException(uri + ": " + Commands.describe(failure));
    }

    /** The answer's bytes as they come, aborted past the room it has. */
    private static final class Body implements Response.ContentListener {
        private final long room;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile long received;

        Body(long room) {
            this.room = room;
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            received += content.remaining();
            if (bytes.size() + (long) content.remaining() > room) {
                response.abort(new TooLarge());
                return;
            }
            byte[] chunk = new byte[content.remaining()];
            content.get(chunk);
            bytes.writeBytes(chunk);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("too large");
        }
    }

    private HttpClient client() throws IOException {
        if (client == null) {
            client = GuardedClient.of("loa-import", "Loa-import", names, this::guard);
            client.setMaxConnectionsPerDestination(2);
            client.setIdleTimeout(limits.requestTime().toMillis());
            try {
                client.start();
            } catch (Exception e) {
                throw new IOException("the HTTP client could not start: " + Commands.describe(e), e);
            }
        }
        return client;
    }

    /** Public addresses only, for every host but the one the operator named; any address with the flag. */
    private SocketAddressResolver guard(SocketAddressResolver resolver) {
        if (limits.privateLinks()) {
            return resolver;
        }
        SocketAddressResolver publicOnly = PublicAddresses.publicOnly(
                resolver, ", which links and redirects do not lead to without --allow-private-links");
        return (host, port, context, promise) ->
                (isNamed(host, port) ? resolver : publicOnly).resolve(host, port, context, promise);
    }

    private boolean isNamed(String host, int port) {
        return isWeb(named) && named.getHost().equalsIgnoreCase(host) && port(named) == port;
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    @Override
    public void close() {
        if (client != null) {
            try {
                client.stop();
            } catch (Exception e) {
                // Stopping only frees threads and sockets; the import's outcome is already known.
            }
        }
    }
}
