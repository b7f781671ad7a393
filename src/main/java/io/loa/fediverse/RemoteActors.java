package io.loa.fediverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.net.GuardedClient;
import io.loa.net.HostLookup;
import io.loa.net.PublicAddresses;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a remote actor's document (a follower's), for where to deliver to it: its {@code inbox} and its server's
 * {@code endpoints.sharedInbox}. One signed GET through the guarded client (public addresses only unless the site
 * allows private ones, no redirects, {@link #TIMEOUT}, at most {@link #MAX_BYTES} read); the document must be the
 * actor asked for ({@code id} the URL fetched), its inboxes http(s) URLs of at most {@link #MAX_URL} characters.
 * <pre>
 * GET https://mastodon.example/users/alice
 * Accept: application/activity+json
 * Signature: keyId="https://feeds.example/ap/site#main-key",…
 * </pre>
 */
public final class RemoteActors implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteActors.class);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_URL = 2000;

    /** Where an actor takes deliveries: its own inbox, and its server's shared inbox if it has one. */
    public record Inboxes(String actor, String inbox, Optional<String> sharedInbox) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Function<URI, Map<String, String>> signedGet;

    /**
     * @param signedGet the signature headers of a GET of that URL (Mastodon's secure mode asks for one)
     * @param allowPrivate whether actors on loopback and private addresses are read (the site's switch)
     */
    public RemoteActors(
            Function<URI, Map<String, String>> signedGet, boolean allowPrivate, String userAgent, HostLookup names) {
        this.signedGet = signedGet;
        this.client = GuardedClient.of(
                "loa-actors",
                userAgent,
                names,
                PublicAddresses.guard(allowPrivate, ", which actors may not be read from"));
        client.setMaxConnectionsPerDestination(2);
        client.setIdleTimeout(30_000);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The HTTP client for remote actors could not start", e);
        }
    }

    /** The inboxes of the actor at {@code actorUrl}; empty when it cannot be read or is not an actor's document. */
    public Optional<Inboxes> inboxes(String actorUrl) {
        return document(actorUrl)
                .filter(actor -> actorUrl.equals(actor.path("id").asText()))
                .flatMap(actor -> web(actor.path("inbox").asText())
                        .map(inbox -> new Inboxes(
                                actorUrl,
                                inbox,
                                web(actor.path("endpoints").path("sharedInbox").asText()))));
    }

    /**
     * Whether the actor at {@code actorUrl} is gone: its server answers 410 Gone, as Mastodon does for a deleted
     * account, or 404. No answer, or any other, is not taken for gone.
     */
    public boolean gone(String actorUrl) {
        return answer(actorUrl)
                .filter(answer -> answer.getStatus() == 410 || answer.getStatus() == 404)
                .isPresent();
    }

    /** The JSON document at {@code url}, read with a signed GET; empty when it cannot be had. */
    private Optional<JsonNode> document(String address) {
        Optional<ContentResponse> answer = answer(address).filter(a -> a.getStatus() == 200);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode document = JSON.readTree(answer.get().getContent());
            return document.isObject() ? Optional.of(document) : Optional.empty();
        } catch (IOException e) {
            LOG.debug("A remote document is not JSON", e);
            return Optional.empty();
        }
    }

    /** The answer to a signed GET of {@code address}; empty when none came or it cannot be asked. */
    private Optional<ContentResponse> answer(String address) {
        URI url;
        try {
            url = web(address).map(URI::create).orElseThrow(() -> new IllegalArgumentException(address));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            Request request = client.newRequest(url)
                    .method("GET")
                    .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> {
                        h.put("Accept", "application/activity+json, application/ld+json");
                        signedGet.apply(url).forEach(h::put);
                    });
            return Optional.of(new CompletableResponseListener(request, MAX_BYTES)
                    .send()
                    .get(TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("A remote document could not be read", e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code url} if it is an absolute http(s) URL with a host, of at most {@link #MAX_URL} characters. */
    static Optional<String> web(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            boolean web =
                    ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) && uri.getHost() != null;
            return web ? Optional.of(url) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            LOG.warn("The HTTP client for remote actors did not stop cleanly", e);
        }
    }
}
