package io.loa.httpsig;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.loa.net.GuardedClient;
import io.loa.net.HostLookup;
import io.loa.net.PublicAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The senders' public keys, fetched from the key id's URL (its fragment dropped) and kept for a while. A fetch is a
 * GET signed with the site's own key (Mastodon in secure mode answers nothing else), {@code Accept:
 * application/activity+json}, through {@link GuardedClient}: public addresses only unless the site allows private
 * ones, at most {@link #MAX_REDIRECTS} redirects and those on the key's own origin, {@link #TIMEOUT} for the whole
 * of it, an answer of at most {@link #MAX_DOCUMENT_BYTES}, at most {@link #IN_FLIGHT_PER_HOST} fetches at once per
 * host and a rate per host ({@link HostRate}). What {@link KeyDocument} reads out of it is kept {@link #TTL}; a
 * failure {@link #FAILURE_TTL}, so a dead or hostile server is not asked at every delivery. At most
 * {@link #MAX_KEYS} keys are kept. A key that fails to verify a signature is fetched anew at most once per
 * {@link #REFETCH_EVERY} (key rotation).
 */
public final class RemoteKeys implements KeySource, AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    public static final int MAX_REDIRECTS = 3;
    public static final int IN_FLIGHT_PER_HOST = 4;
    public static final int MAX_KEYS = 10_000;
    public static final Duration TTL = Duration.ofHours(1);
    public static final Duration FAILURE_TTL = Duration.ofMinutes(2);
    public static final Duration REFETCH_EVERY = Duration.ofMinutes(5);
    private static final int MAX_KEY_ID_CHARS = 2000;

    /** A fetch's result, kept in the cache either way. */
    private record Outcome(ActorKey key, KeyUnavailable failure) {}

    private final RequestSigner signer;
    private final boolean allowPrivate;
    private final HttpClient client;
    private final HostRate rate = new HostRate(System::nanoTime);
    private final AsyncCache<String, Outcome> keys = Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfter(
                    Expiry.<String, Outcome>creating((keyId, outcome) -> outcome.key() != null ? TTL : FAILURE_TTL))
            .buildAsync();
    private final Cache<String, Boolean> refetchedRecently = Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterWrite(REFETCH_EVERY)
            .build();

    /**
     * @param signer signs each key fetch, with the site actor's key
     * @param allowPrivate whether keys on loopback and private addresses are fetched (the site's switch, as
     *     for the dispatch queue)
     * @param names how host names are looked up: {@link HostLookup#SYSTEM} but in tests
     */
    public RemoteKeys(RequestSigner signer, boolean allowPrivate, String userAgent, HostLookup names) {
        this.signer = signer;
        this.allowPrivate = allowPrivate;
        this.client = GuardedClient.of(
                "loa-keys", userAgent, names, PublicAddresses.guard(allowPrivate, ", which key fetches may not use"));
        client.setMaxConnectionsPerDestination(IN_FLIGHT_PER_HOST);
        client.setMaxRequestsQueuedPerDestination(64);
        client.setIdleTimeout(30_000);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The HTTP client for key fetches could not start", e);
        }
    }

    @Override
    public ActorKey key(String keyId) throws KeyUnavailable {
        URI document = document(keyId);
        CompletableFuture<Outcome> cached = keys.getIfPresent(keyId);
        if (cached == null && !rate.tryAcquire(document.getHost())) {
            throw unavailable("too many key fetches from " + document.getHost());
        }
        return unwrap(await(keys.get(keyId, (id, executor) -> fetch(document, keyId))));
    }

    @Override
    public Optional<ActorKey> refetched(String keyId) {
        URI document;
        try {
            document = document(keyId);
        } catch (KeyUnavailable e) {
            return Optional.empty();
        }
        if (refetchedRecently.asMap().putIfAbsent(keyId, Boolean.TRUE) != null
                || !rate.tryAcquire(document.getHost())) {
            return Optional.empty();
        }
        Outcome outcome = await(fetch(document, keyId));
        if (outcome.key() == null) {
            return Optional.empty(); // the key kept is still the best known
        }
        keys.put(keyId, CompletableFuture.completedFuture(outcome));
        return Optional.of(outcome.key());
    }

    /** The URL of the document that holds {@code keyId}: an http(s) URL without its fragment. */
    private URI document(String keyId) throws KeyUnavailable {
        URI uri;
        try {
            if (keyId.length() > MAX_KEY_ID_CHARS) {
                throw new URISyntaxException(keyId.substring(0, 40), "too long");
            }
            uri = new URI(keyId);
        } catch (URISyntaxException e) {
            throw invalid("the key id is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http"))
                || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            throw invalid("the key id is not an http(s) URL with a host");
        }
        Optional<InetAddress> literal = PublicAddresses.literal(uri.getHost());
        if (!allowPrivate && literal.isPresent() && !PublicAddresses.isPublic(literal.get())) {
            throw unavailable(uri.getHost() + " is a private address, which key fetches may not use");
        }
        try {
            return new URI(uri.getScheme(), uri.getRawAuthority(), uri.getRawPath(), uri.getRawQuery(), null);
        } catch (URISyntaxException e) {
            throw invalid("the key id is not a URL");
        }
    }

    private CompletableFuture<Outcome> fetch(URI document, String keyId) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            return get(document, keyId, MAX_REDIRECTS, deadline)
                    .exceptionally(failure -> new Outcome(null, unavailable(describe(failure))));
        } catch (RuntimeException e) { // the signer's, or a URL the client will not take
            return done(unavailable(describe(e)));
        }
    }

    private CompletableFuture<Outcome> get(URI url, String keyId, int redirectsLeft, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return CompletableFuture.completedFuture(new Outcome(null, unavailable("no answer within " + TIMEOUT)));
        }
        Request request = client.newRequest(url)
                .method(HttpMethod.GET)
                .timeout(remaining, TimeUnit.NANOSECONDS)
                .headers(h -> {
                    h.put(HttpHeader.ACCEPT, "application/activity+json, application/ld+json");
                    signer.sign("GET", url, null).forEach(h::put);
                });
        return new CompletableResponseListener(request, MAX_DOCUMENT_BYTES)
                .send()
                .thenCompose(response -> answer(url, keyId, response, redirectsLeft, deadline));
    }

    private CompletableFuture<Outcome> answer(
            URI url, String keyId, ContentResponse response, int redirectsLeft, long deadline) {
        int status = response.getStatus();
        if (status == 200) {
            try {
                return CompletableFuture.completedFuture(
                        new Outcome(KeyDocument.read(response.getContent(), keyId), null));
            } catch (KeyUnavailable e) {
                return CompletableFuture.completedFuture(new Outcome(null, e));
            }
        }
        String location = response.getHeaders().get(HttpHeader.LOCATION);
        if (status >= 300 && status < 400 && location != null) {
            URI next;
            try {
                next = url.resolve(location);
            } catch (IllegalArgumentException e) {
                return done(unavailable("a redirect to a malformed URL"));
            }
            if (redirectsLeft == 0) {
                return done(unavailable("more than " + MAX_REDIRECTS + " redirects"));
            }
            if (!KeyDocument.sameOrigin(url, next.toString())) {
                return done(unavailable("a redirect to another origin"));
            }
            return get(next, keyId, redirectsLeft - 1, deadline);
        }
        return done(unavailable("the key document answered " + status));
    }

    private static CompletableFuture<Outcome> done(KeyUnavailable failure) {
        return CompletableFuture.completedFuture(new Outcome(null, failure));
    }

    private static Outcome await(CompletableFuture<Outcome> outcome) {
        try {
            // The fetch ends by itself within TIMEOUT; the margin covers the callbacks after it.
            return outcome.get(TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, unavailable("interrupted"));
        } catch (ExecutionException | TimeoutException e) {
            return new Outcome(null, unavailable(describe(e)));
        }
    }

    private static ActorKey unwrap(Outcome outcome) throws KeyUnavailable {
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return outcome.key();
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null
                ? ""
                : ": " + cause.getMessage().lines().findFirst().orElse("");
        String said = "fetching the key failed, " + cause.getClass().getSimpleName() + message;
        return said.length() > 200 ? said.substring(0, 199) + "…" : said;
    }

    private static KeyUnavailable unavailable(String detail) {
        return new KeyUnavailable(Refusal.KEY_UNAVAILABLE, detail);
    }

    private static KeyUnavailable invalid(String detail) {
        return new KeyUnavailable(Refusal.KEY_INVALID, detail);
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // Stopping frees threads and sockets only; nothing is lost.
        }
    }
}
